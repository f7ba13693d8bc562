import type { DeskMenuEntry } from '../registry';

export const menu: DeskMenuEntry = { path: 'figures', label: '数据统计', order: 50 };
