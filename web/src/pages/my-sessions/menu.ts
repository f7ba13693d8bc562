import type { DeskMenuEntry } from '../registry';

export const menu: DeskMenuEntry = { path: 'my-sessions', label: '我的登录', order: 70 };
