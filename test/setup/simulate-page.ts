import * as fs from 'fs';
import * as path from 'path';
import * as simulate from 'miniprogram-simulate';

/**
 * Rendering our pages and components in miniprogram-simulate. TDesign components do not resolve
 * in the simulator, so every `t-*` tag gets a small stand-in that shows its text properties and
 * slots; tests drive it by dispatching the event the real component would trigger.
 */

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../miniprogram');

interface StubSpec {
  properties: string[];
  template: string;
  multipleSlots?: boolean;
}

const TEXT = (...names: string[]): string =>
  names.map((name) => `<view wx:if="{{${name}}}" class="stub-${name}">{{${name}}}</view>`).join('');

const STUBS: Record<string, StubSpec> = {
  't-button': {
    properties: ['theme', 'size', 'block', 'disabled', 'loading', 'variant', 'icon'],
    template: '<view class="stub-button"><slot/></view>',
  },
  't-cell': {
    properties: ['title', 'description', 'note', 'arrow', 'hover', 'bordered', 'required', 'align'],
    template: `${TEXT('title', 'description', 'note')}<slot name="title"/><slot name="description"/><slot name="note"/><slot/>`,
    multipleSlots: true,
  },
  't-cell-group': { properties: ['title', 'theme', 'bordered'], template: `${TEXT('title')}<slot/>` },
  't-input': {
    properties: [
      'label',
      'value',
      'placeholder',
      'status',
      'tips',
      'type',
      'disabled',
      'readonly',
      'maxlength',
      'clearable',
      'borderless',
      'layout',
    ],
    template: `${TEXT('label', 'value', 'tips')}<slot name="suffix"/>`,
    multipleSlots: true,
  },
  't-textarea': {
    properties: ['label', 'value', 'placeholder', 'maxlength', 'indicator', 'autosize', 'bordered', 'disabled'],
    template: TEXT('label', 'value'),
  },
  't-tag': { properties: ['theme', 'variant', 'size', 'shape'], template: '<view class="stub-tag"><slot/></view>' },
  't-empty': {
    properties: ['description', 'icon', 'image'],
    template: `${TEXT('description')}<slot name="action"/>`,
    multipleSlots: true,
  },
  't-loading': { properties: ['text', 'theme', 'size', 'layout', 'loading'], template: TEXT('text') },
  't-popup': {
    properties: ['visible', 'placement', 'closeBtn', 'closeOnOverlayClick', 'showOverlay', 'zIndex'],
    template: '<view wx:if="{{visible}}" class="stub-popup"><slot/></view>',
  },
  't-radio-group': {
    properties: ['value', 'options', 'borderless', 'placement'],
    template: '<view class="stub-radio-group"><slot/></view>',
  },
  't-search': { properties: ['value', 'placeholder', 'action', 'shape', 'focus'], template: TEXT('value') },
};

function registerStub(tagName: string, spec: StubSpec): string {
  const properties: Record<string, { type: null }> = {};
  for (const name of spec.properties) properties[name] = { type: null };
  // The definition-object form of `load` returns a component id, not a path.
  return simulate.load({
    tagName,
    template: spec.template,
    properties,
    options: { multipleSlots: spec.multipleSlots ?? false },
  }) as unknown as string;
}

let stubIds: Record<string, string> | null = null;

/** usingComponents overrides: each `t-*` tag → its stand-in (registered once per test file). */
export function tdesignStubs(): Record<string, string> {
  if (!stubIds) {
    stubIds = {};
    for (const [tag, spec] of Object.entries(STUBS)) stubIds[tag] = registerStub(tag, spec);
  }
  return stubIds;
}

function wxmlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'miniprogram_npm' || entry.name === 'node_modules' ? [] : wxmlFiles(full);
    return entry.name.endsWith('.wxml') ? [path.relative(MINIPROGRAM_ROOT, full)] : [];
  });
}

/** Loads `miniprogram/<relativePath>` (e.g. `pages/home/home`) with TDesign stand-ins. Once per test file. */
export function loadUnit(relativePath: string): string {
  return simulate.load(path.join(MINIPROGRAM_ROOT, relativePath), {
    rootPath: MINIPROGRAM_ROOT,
    usingComponents: tdesignStubs(),
    compilerOptions: { wxmlList: wxmlFiles(MINIPROGRAM_ROOT) },
  });
}

export type Rendered = simulate.Component<Record<string, unknown>, Record<string, never>, Record<string, never>>;
type RenderedRoot = simulate.RootComponent<Record<string, unknown>, Record<string, never>, Record<string, never>>;

/** Event dispatch, timers and the fake's replies are all asynchronous: let them run. */
export async function settle(rounds = 6): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await simulate.sleep(0);
}

/**
 * A rendered page with the small vocabulary its tests use. `methods` is what the page's
 * `Component({ methods })` defines (onLoad, onShow, …), callable directly as WeChat would.
 */
export class PageDriver {
  readonly comp: Rendered;

  constructor(componentId: string) {
    const root = simulate.render(componentId) as unknown as RenderedRoot;
    root.attach(document.createElement('parent-wrapper'));
    this.comp = root;
  }

  get data(): Record<string, unknown> {
    return this.comp.data;
  }

  /** Calls a page method (e.g. a lifecycle) and lets the calls it makes come back. */
  async run(method: string, ...args: unknown[]): Promise<void> {
    const fn = (this.comp.instance as unknown as Record<string, unknown>)[method];
    if (typeof fn !== 'function') throw new Error(`page has no method ${method}`);
    await (fn as (...a: unknown[]) => unknown).apply(this.comp.instance, args);
    await settle();
  }

  /** All text on the page, whitespace collapsed. */
  text(): string {
    return (this.comp.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
  }

  find(selector: string): Rendered | undefined {
    return findDeep(this.comp, selector);
  }

  findAll(selector: string): Rendered[] {
    return this.comp.querySelectorAll(selector) as unknown as Rendered[];
  }

  has(selector: string): boolean {
    return this.find(selector) !== undefined;
  }

  /** Dispatches `eventName` on the first node matching `selector`, then settles. */
  async fire(selector: string, eventName: string, detail: unknown = {}): Promise<void> {
    const node = this.find(selector);
    if (!node) throw new Error(`nothing matches ${selector}; page text: ${this.text()}`);
    node.dispatchEvent(eventName, { detail });
    await settle();
  }

  tap(selector: string): Promise<void> {
    return this.fire(selector, 'tap');
  }

  /** A t-cell tap (TDesign's cell triggers `click`). */
  click(selector: string): Promise<void> {
    return this.fire(selector, 'click');
  }

  /** Dispatches `eventName` on the n-th (from 0) node matching `selector` (a row of a list, a field of a row), then settles. */
  async fireNth(selector: string, index: number, eventName: string, detail: unknown = {}): Promise<void> {
    const node = this.findAll(selector)[index];
    if (!node) throw new Error(`no ${selector} at ${index}`);
    node.dispatchEvent(eventName, { detail });
    await settle();
  }

  /** A tap on the n-th (from 0) node matching `selector`, e.g. the second row of a list. */
  tapNth(selector: string, index: number): Promise<void> {
    return this.fireNth(selector, index, 'tap');
  }

  /** The same for a t-cell (TDesign's cell triggers `click`). */
  clickNth(selector: string, index: number): Promise<void> {
    return this.fireNth(selector, index, 'click');
  }

  /** A t-input / t-textarea / t-search / t-radio-group change. */
  input(selector: string, value: unknown): Promise<void> {
    return this.fire(selector, 'change', { value });
  }
}

/** Renders a page and runs one lifecycle as WeChat would (`onLoad` with its options, `onShow`), letting its calls come back. */
export async function openPage(pageId: string, lifecycle: string, ...args: unknown[]): Promise<PageDriver> {
  const page = new PageDriver(pageId);
  await page.run(lifecycle, ...args);
  return page;
}

/** querySelector does not cross into child components' shadow trees; this does, one level at a time. */
function findDeep(root: Rendered, selector: string): Rendered | undefined {
  const direct = root.querySelector(selector) as unknown as Rendered | undefined;
  if (direct) return direct;
  const parts = selector.split('>>>').map((part) => part.trim());
  if (parts.length < 2) return undefined;
  let current: Rendered | undefined = root;
  for (const part of parts) {
    current = current?.querySelector(part) as unknown as Rendered | undefined;
    if (!current) return undefined;
  }
  return current;
}
