import type { DeskMenuEntry } from '../registry';

export const menu: DeskMenuEntry = { path: 'members', label: '党员档案', order: 45 };
