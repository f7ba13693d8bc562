import { loadUnit, PageDriver } from '../../../../test/setup/simulate-page';

const componentId = loadUnit('components/page-state/page-state');

function listen(view: PageDriver, eventName: string): jest.Mock {
  const handler = jest.fn();
  (view.comp as unknown as { addEventListener(name: string, h: () => void): void }).addEventListener(eventName, handler);
  return handler;
}

describe('page-state', () => {
  it('shows the loading text by default', () => {
    const view = new PageDriver(componentId);
    expect(view.text()).toContain('正在加载');
  });

  it('shows the error with 重试 and emits retry', async () => {
    const view = new PageDriver(componentId);
    view.comp.setData({ status: 'error', errorText: '网络不通，请检查网络后重试' });
    expect(view.text()).toContain('网络不通');
    expect(view.find('.retry')?.dom?.textContent).toBe('重试');
    const retry = listen(view, 'retry');
    await view.tap('.retry');
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('labels the error button with the next step when there is one', () => {
    const view = new PageDriver(componentId);
    view.comp.setData({ status: 'error', errorText: '您还没有登记', actionText: '去登记' });
    expect(view.find('.retry')?.dom?.textContent).toBe('去登记');
  });

  it('shows the empty text and its action', async () => {
    const view = new PageDriver(componentId);
    view.comp.setData({ status: 'empty', emptyText: '暂无申请', emptyActionText: '刷新' });
    expect(view.text()).toContain('暂无申请');
    const action = listen(view, 'action');
    await view.tap('.empty-action');
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('renders nothing when the content is ready', () => {
    const view = new PageDriver(componentId);
    view.comp.setData({ status: 'ready' });
    expect(view.text()).toBe('');
  });
});
