import type { DeskMenuEntry } from '../registry';

export const menu: DeskMenuEntry = { path: 'agreements', label: '共管协议', order: 56 };
