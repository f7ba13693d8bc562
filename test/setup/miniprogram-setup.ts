import { installWxFake } from './wx-fake';

/**
 * jest setupFile of the 'miniprogram' project: the globals a mini-program expects. `Component`
 * itself comes from miniprogram-simulate when a test requires it; `Page` is shimmed onto it so
 * a page written either way renders.
 */
type Global = Record<string, unknown>;
const g = globalThis as unknown as Global;

installWxFake();
g.App = (_options: unknown): void => undefined;
g.getApp = (): Record<string, unknown> => ({ globalData: {} });
g.getCurrentPages = (): unknown[] => [];
g.Page = (options: unknown): unknown => (g.Component as (o: unknown) => unknown)(options);
