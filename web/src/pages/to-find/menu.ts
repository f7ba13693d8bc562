import type { DeskMenuEntry } from '../registry';

export const menu: DeskMenuEntry = { path: 'to-find', label: '组织找党员', order: 40 };
