import type { DeskMenuEntry } from '../registry';

export const menu: DeskMenuEntry = { path: 'places', label: '地点与归队码', order: 66 };
