import type { DeskMenuEntry } from '../registry';

export const menu: DeskMenuEntry = { path: 'exports', label: '导出', order: 60 };
