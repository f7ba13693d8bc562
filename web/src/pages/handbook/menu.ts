import type { DeskMenuEntry } from '../registry';

export const menu: DeskMenuEntry = { path: 'handbook', label: '政策手册', order: 55 };
