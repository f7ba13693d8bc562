import type { CallResult } from '../call-action';
import {
  type ListPage,
  type Page,
  type PagedList,
  canLoadMore,
  loadFirstPage,
  loadNextPage,
  pagedList,
  showNextPage,
} from '../paged-list';

const answer = <T>(result: CallResult<T>): Promise<CallResult<T>> => Promise.resolve(result);
const pageOf = (items: number[], nextCursor: string | null = null): CallResult<Page<number>> => ({
  ok: true,
  data: { items, nextCursor },
});
const label = (n: number): string => `#${n}`;

describe('loadFirstPage', () => {
  it('asks for the first page and maps its rows', async () => {
    const fetch = jest.fn((_cursor: string | null) => answer(pageOf([1, 2], 'c1')));
    await expect(loadFirstPage(fetch, label)).resolves.toEqual({ status: 'ready', items: ['#1', '#2'], nextCursor: 'c1' });
    expect(fetch).toHaveBeenCalledWith(null);
  });

  it('says empty when the first page has no rows', async () => {
    await expect(loadFirstPage(() => answer(pageOf([])), label)).resolves.toEqual({
      status: 'empty',
      items: [],
      nextCursor: null,
    });
  });

  it('turns a failure into the error block with its next step', async () => {
    const patch = await loadFirstPage(
      () => answer<Page<number>>({ ok: false, error: { code: 'FORBIDDEN', message: 'x' } }),
      label,
    );
    expect(patch).toEqual({
      status: 'error',
      error: { text: '您没有办理这项业务的权限', actionText: '返回首页', action: 'home' },
    });
  });

  it("uses the page's own step and words for a failure", async () => {
    const steps = { FORBIDDEN: { text: '只有本组织的书记能查看', actionText: '返回首页', action: 'home' as const } };
    const forbidden = await loadFirstPage(
      () => answer<Page<number>>({ ok: false, error: { code: 'FORBIDDEN', message: 'x' } }),
      label,
      steps,
    );
    expect(forbidden).toEqual({
      status: 'error',
      error: { text: '只有本组织的书记能查看', actionText: '返回首页', action: 'home' },
    });
    const network = await loadFirstPage(
      () => answer<Page<number>>({ ok: false, error: { code: 'NETWORK', message: 'x' } }),
      label,
      steps,
    );
    expect(network).toEqual({
      status: 'error',
      error: { text: '网络不通，请检查网络后重试', actionText: '重试', action: 'reload' },
    });
  });
});

describe('loadNextPage', () => {
  it('appends the next page to the rows shown when it arrives', async () => {
    const list = { ...pagedList<string>(), items: ['#1', '#2'], nextCursor: 'c1' };
    const fetch = jest.fn(async (_cursor: string | null) => {
      list.items = ['#2']; // e.g. a row decided while the page was on its way
      return pageOf([3]);
    });
    await expect(loadNextPage(() => list, fetch, label)).resolves.toEqual({
      loadingMore: false,
      items: ['#2', '#3'],
      nextCursor: null,
    });
    expect(fetch).toHaveBeenCalledWith('c1');
  });

  it('keeps the rows and says why when the page fails', async () => {
    const list = { ...pagedList<string>(), items: ['#1'], nextCursor: 'c1' };
    const patch = await loadNextPage(
      () => list,
      () => answer<Page<number>>({ ok: false, error: { code: 'NETWORK', message: 'request:fail' } }),
      label,
    );
    expect(patch).toEqual({ loadingMore: false, moreError: '网络不通，请检查网络后重试' });
  });
});

describe('canLoadMore', () => {
  it('only with a cursor and nothing in flight', () => {
    expect(canLoadMore({ nextCursor: 'c1', loadingMore: false })).toBe(true);
    expect(canLoadMore({ nextCursor: 'c1', loadingMore: true })).toBe(false);
    expect(canLoadMore({ nextCursor: null, loadingMore: false })).toBe(false);
  });
});

describe('showNextPage', () => {
  /** A stand-in for a page: `setData` merges into `data`, as WeChat's does at the top level. */
  function listPage(list: Partial<PagedList<string>>): ListPage<string> & { data: PagedList<string>; patches: object[] } {
    const page = {
      data: { ...pagedList<string>(), status: 'ready' as const, ...list },
      patches: [] as object[],
      setData(patch: Partial<PagedList<string>>) {
        page.patches.push(patch);
        page.data = { ...page.data, ...patch };
      },
    };
    return page;
  }

  it('shows the spinner, then appends the next page', async () => {
    const page = listPage({ items: ['#1'], nextCursor: 'c1' });
    await showNextPage(page, () => answer(pageOf([2])), label);
    expect(page.patches[0]).toEqual({ loadingMore: true, moreError: '' });
    expect(page.data).toMatchObject({ items: ['#1', '#2'], nextCursor: null, loadingMore: false });
  });

  it('asks for nothing without a next page or while one is on its way', async () => {
    const fetch = jest.fn((_cursor: string | null) => answer(pageOf([2])));
    await showNextPage(listPage({ items: ['#1'], nextCursor: null }), fetch, label);
    await showNextPage(listPage({ items: ['#1'], nextCursor: 'c1', loadingMore: true }), fetch, label);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('drops a page meant for a list no longer shown', async () => {
    const page = listPage({ items: ['#1'], nextCursor: 'c1' });
    await showNextPage(
      page,
      () => answer(pageOf([2])),
      label,
      () => false,
    );
    expect(page.data.items).toEqual(['#1']);
    expect(page.patches).toEqual([{ loadingMore: true, moreError: '' }]);
  });
});
