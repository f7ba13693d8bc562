import type { DeskMenuEntry } from '../registry';

export const menu: DeskMenuEntry = { path: 'orgs', label: '组织架构', order: 10 };
