import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, PageDriver } from '../../../../test/setup/simulate-page';
import { moveRequestMine } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/account-move/account-move');
const fake = useWxFake();

async function openForm(): Promise<PageDriver> {
  fake.respond('account.myMove', ok({ request: null }));
  return openPage(pageId, 'onLoad', {});
}

async function fill(page: PageDriver) {
  await page.input('#name', ' 王建国 ');
  await page.input('#idCard', '32128219860412003X ');
}

describe('account-move', () => {
  it('shows loading, then the form when nothing was asked yet', async () => {
    const held = fake.hold('account.myMove');
    const page = new PageDriver(pageId);
    const loading = page.run('onLoad', {});
    expect(page.text()).toContain('正在加载');
    held.resolve(ok({ request: null }));
    await loading;
    expect(page.text()).toContain('换了手机或微信号');
    expect(page.has('#submit')).toBe(true);
  });

  it('asks for both fields before sending', async () => {
    const page = await openForm();
    await page.tap('#submit');
    expect(page.find('#row-name')?.dom?.textContent).toContain('请填写姓名');
    expect(page.find('#row-idCard')?.dom?.textContent).toContain('请填写身份证号');
    expect(fake.callsOf('account.requestMove')).toEqual([]);
  });

  it('sends the name and number, then shows the request waiting for the organization', async () => {
    const page = await openForm();
    await fill(page);
    fake.respond('account.requestMove', ok(moveRequestMine()));
    await page.tap('#submit');
    expect(fake.callsOf('account.requestMove')).toEqual([{ name: '王建国', idCard: '32128219860412003X' }]);
    expect(page.text()).toContain('等待核实');
    expect(page.text()).toContain('2026年11月25日');
    expect(fake.toasts[0]?.title).toBe('申请已提交');
  });

  it('says plainly when no record matches, with the way to register instead', async () => {
    const page = await openForm();
    await fill(page);
    fake.respond('account.requestMove', fail('NOT_FOUND', '没有找到', 'idCard'));
    await page.tap('#submit');
    expect(page.text()).toContain('没有找到与这个身份证号和姓名相符的档案');
    await page.tap('#notice-action');
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/profile/profile' });
  });

  it('says when the daily limit is reached, and offers the way home', async () => {
    const page = await openForm();
    await fill(page);
    fake.respond('account.requestMove', fail('ID_LOOKUPS_LIMITED', '今天已经查询过多个身份证号', 'idCard'));
    await page.tap('#submit');
    expect(page.text()).toContain('请明天再试，或直接联系您所在的党组织办理');
    await page.tap('#notice-action');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('marks a malformed number under the field', async () => {
    const page = await openForm();
    await fill(page);
    fake.respond('account.requestMove', fail('BAD_REQUEST', '身份证号校验位不正确，请核对', 'idCard'));
    await page.tap('#submit');
    expect(page.find('#row-idCard')?.dom?.textContent).toContain('身份证号校验位不正确');
  });

  it('shows a rejection with its reason and lets the member ask again', async () => {
    fake.respond(
      'account.myMove',
      ok({
        request: moveRequestMine({ status: 'rejected', decidedAt: '2026-11-26T02:00:00.000Z', reason: '请到支部当面办理' }),
      }),
    );
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('没有通过的理由：请到支部当面办理');
    await page.tap('#ask-again');
    expect(page.has('#submit')).toBe(true);
  });

  it('shows a confirmed move and the way home', async () => {
    fake.respond(
      'account.myMove',
      ok({ request: moveRequestMine({ status: 'confirmed', decidedAt: '2026-11-26T02:00:00.000Z', reason: '已电话核实' }) }),
    );
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('档案已经转到这个微信号');
    await page.tap('#home');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });

  it('retries a failed load', async () => {
    fake.failTransport('account.myMove', 'request:fail');
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('网络不通');
    fake.respond('account.myMove', ok({ request: null }));
    await page.tap('#state >>> .retry');
    expect(page.has('#submit')).toBe(true);
  });
});
