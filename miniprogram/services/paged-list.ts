import type { CallResult } from './error-messages';
import { type NextSteps, type Notice, NO_NOTICE, loadErrorNotice, noticeFor } from './navigation';

/**
 * A list screen's paging, as patches for `setData`: the first page fills the screen (or its
 * loading / error / empty block); 加载更多 appends the next page and keeps a failure beside the
 * button, so the rows already shown stay.
 */

export type ListStatus = 'loading' | 'error' | 'empty' | 'ready';

/** What a list action answers (`pageOf(...)` in the contract). */
export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

/** Calls the list action for the page that starts at `cursor` (null: the first page). */
export type FetchPage<Item> = (cursor: string | null) => Promise<CallResult<Page<Item>>>;

/** The fields a paged list keeps in a page's `data`. */
export interface PagedList<Row> {
  status: ListStatus;
  error: Notice;
  items: Row[];
  nextCursor: string | null;
  loadingMore: boolean;
  moreError: string;
}

export type FirstPagePatch<Row> =
  { status: 'error'; error: Notice } | { status: 'empty' | 'ready'; items: Row[]; nextCursor: string | null };

export type NextPagePatch<Row> =
  { loadingMore: false; moreError: string } | { loadingMore: false; items: Row[]; nextCursor: string | null };

/** Initial `data` of a list that loads as soon as the page opens. */
export function pagedList<Row>(): PagedList<Row> {
  return { status: 'loading', error: NO_NOTICE, items: [], nextCursor: null, loadingMore: false, moreError: '' };
}

/** Set before fetching the first page (again). */
export const FIRST_PAGE_LOADING = { status: 'loading', moreError: '' } as const;

/** Set before fetching the next page. */
export const NEXT_PAGE_LOADING = { loadingMore: true, moreError: '' } as const;

/** The first page's rows, or an empty list. */
export function firstPageOf<Item, Row>(page: Page<Item>, rowOf: (item: Item) => Row): FirstPagePatch<Row> {
  const items = page.items.map(rowOf);
  return { status: items.length ? 'ready' : 'empty', items, nextCursor: page.nextCursor };
}

/** The first page, or the error block; `steps` are the page's own ways on (and words) for a failed load. */
export async function loadFirstPage<Item, Row>(
  fetch: FetchPage<Item>,
  rowOf: (item: Item) => Row,
  steps: NextSteps = {},
): Promise<FirstPagePatch<Row>> {
  const result = await fetch(null);
  if (!result.ok) return { status: 'error', error: loadErrorNotice(result.error, steps) };
  return firstPageOf(result.data, rowOf);
}

/** Whether 加载更多 should fetch: there is a next page and it is not already on its way. */
export function canLoadMore(list: Pick<PagedList<unknown>, 'nextCursor' | 'loadingMore'>): boolean {
  return Boolean(list.nextCursor) && !list.loadingMore;
}

/**
 * The rows shown so far plus the next page; a failure leaves them as they are. `current` is read
 * again when the page arrives, so a row removed meanwhile (a request decided) stays removed.
 */
export async function loadNextPage<Item, Row>(
  current: () => Pick<PagedList<Row>, 'items' | 'nextCursor'>,
  fetch: FetchPage<Item>,
  rowOf: (item: Item) => Row,
): Promise<NextPagePatch<Row>> {
  const cursor = current().nextCursor;
  if (!cursor) return { loadingMore: false, moreError: '' };
  const result = await fetch(cursor);
  if (!result.ok) return { loadingMore: false, moreError: noticeFor(result.error).text };
  return { loadingMore: false, items: current().items.concat(result.data.items.map(rowOf)), nextCursor: result.data.nextCursor };
}

/** A screen that keeps its one paged list at the top of its `data`, as most list screens do. */
export interface ListPage<Row> {
  readonly data: Pick<PagedList<Row>, 'items' | 'nextCursor' | 'loadingMore'>;
  setData(patch: Partial<PagedList<Row>>): void;
}

/**
 * 加载更多 on a list screen: the spinner on the button, then the next page appended (or why it
 * failed, beside the button). `stillShown` is asked when the page arrives; a screen whose list was
 * replaced meanwhile (another tab, another filter) drops it rather than append it to the wrong rows.
 */
export async function showNextPage<Item, Row>(
  page: ListPage<Row>,
  fetch: FetchPage<Item>,
  rowOf: (item: Item) => Row,
  stillShown: () => boolean = () => true,
): Promise<void> {
  if (!canLoadMore(page.data)) return;
  page.setData(NEXT_PAGE_LOADING);
  const patch = await loadNextPage(() => page.data, fetch, rowOf);
  if (stillShown()) page.setData(patch);
}
