import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import { cardView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/my-card/my-card');
const fake = useWxFake();

const mine = {
  ...cardView({ side: 'self' }),
  scene: 'm=abc',
  page: 'pages/card-scan/card-scan',
  imageDataUrl: 'data:image/png;base64,AAAA',
};

describe('my-card', () => {
  it('shows the card, its code, the reported periods and the reviews', async () => {
    fake.respond('card.mine', ok(mine));
    const page = await openPage(pageId, 'onLoad');
    const text = page.text();
    for (const expected of [
      '流动党员活动证',
      '王建国（男）',
      '正式党员',
      '靖江市新桥镇某村党支部',
      '新桥社区第一党支部',
      '李秀英（支部书记）',
      '2026年第三季度 · 新桥社区第一党支部',
      '组织生活：应参加 6 次，参加 5 次，请假 1 次',
      '本期学习 8 学时，志愿服务 4 小时',
      '支部评价：好',
      '2025年 年审通过',
      '民主评议：合格',
    ]) {
      expect(text).toContain(expected);
    }
    expect(page.data.imageDataUrl).toBe('data:image/png;base64,AAAA');
    expect(page.has('#code')).toBe(true);
  });

  it('says what fills the card while nothing is reported yet', async () => {
    fake.respond('card.mine', ok({ ...mine, participation: [], reviews: [], contact: null }));
    const page = await openPage(pageId, 'onLoad');
    expect(page.text()).toContain('支部报送第一期反馈报告后');
    expect(page.text()).toContain('每年由流出地党组织办理一次年审');
    expect(page.text()).toContain('支部尚未指定');
  });

  it('sends someone not registered to register, and retries after a network failure', async () => {
    fake.respond('card.mine', fail('NOT_REGISTERED', '请先完成党员登记'));
    const page = await openPage(pageId, 'onLoad');
    expect(page.text()).toContain('您还没有登记党员信息');
    await page.tap('#state >>> .retry');
    expect(fake.lastUrl()).toContain('/pages/profile/profile');

    fake.failTransport('card.mine', 'request:fail');
    const again = await openPage(pageId, 'onLoad');
    expect(again.text()).toContain('网络不通');
    fake.respond('card.mine', ok(mine));
    await again.tap('#state >>> .retry');
    expect(again.text()).toContain('王建国（男）');
  });
});
