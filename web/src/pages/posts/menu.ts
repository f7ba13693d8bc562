import type { DeskMenuEntry } from '../registry';

export const menu: DeskMenuEntry = { path: 'posts', label: '人员任职', order: 20 };
