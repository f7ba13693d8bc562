import type { DeskMenuEntry } from '../registry';

export const menu: DeskMenuEntry = { path: 'imports', label: '导入', order: 30 };
