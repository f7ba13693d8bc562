import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

/**
 * A desk page is a folder `web/src/pages/<name>/` with `menu.ts` (its place in the left menu)
 * and `page.tsx` (its default export, loaded when first opened). Nothing else to register:
 * this file finds them (web/README.md).
 */
export interface DeskMenuEntry {
  /** The page's address under /desk/, e.g. `orgs` → /desk/orgs (its own sub-paths below it). */
  path: string;
  label: string;
  /** The menu's order: 组织架构 10, 人员任职 20, 导入 30, 组织找党员/待找 40, 党员档案 45, 数据统计 50, 政策手册 55, 返乡工作 57, 导出 60, 地点与归队码 66, 我的登录 70. */
  order: number;
}

export interface DeskPage extends DeskMenuEntry {
  Component: LazyExoticComponent<ComponentType>;
}

const menus = import.meta.glob<DeskMenuEntry>('./*/menu.ts', { eager: true, import: 'menu' });
const pages = import.meta.glob<{ default: ComponentType }>('./*/page.tsx');

export const DESK_PAGES: readonly DeskPage[] = Object.entries(menus)
  .map(([file, menu]) => {
    const loader = pages[file.replace(/menu\.ts$/, 'page.tsx')];
    if (!loader) throw new Error(`${file} has no page.tsx beside it`);
    return { ...menu, Component: lazy(loader) };
  })
  .sort((a, b) => a.order - b.order);
