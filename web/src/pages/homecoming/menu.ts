import type { DeskMenuEntry } from '../registry';

export const menu: DeskMenuEntry = { path: 'homecoming', label: '返乡工作', order: 57 };
