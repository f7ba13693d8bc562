import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import { cardView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/card-scan/card-scan');
const fake = useWxFake();

describe('card-scan', () => {
  it('reads the code the page was opened with and shows the member, masked, with a way to the details', async () => {
    fake.respond('card.scan', ok(cardView()));
    const page = await openPage(pageId, 'onLoad', { scene: encodeURIComponent('m=abc') });
    expect(fake.callsOf('card.scan')).toEqual([{ scene: 'm=abc' }]);
    expect(page.text()).toContain('只显示隐去部分内容的信息');
    expect(page.text()).toContain('王建国（男）');
    expect(page.has('#review')).toBe(false);
    await page.tap('#member');
    expect(fake.lastUrl()).toBe(`/pages/member-detail/member-detail?memberId=m_1&name=${encodeURIComponent('王建国')}`);
  });

  it('offers the outflow side the yearly review', async () => {
    fake.respond('card.get', ok(cardView({ side: 'outflow', canReview: true })));
    const page = await openPage(pageId, 'onLoad', { memberId: 'm_1' });
    expect(fake.callsOf('card.get')).toEqual([{ memberId: 'm_1' }]);
    await page.tap('#review');
    expect(fake.lastUrl()).toMatch(/^\/pages\/card-review\/card-review\?memberId=m_1&name=.+&year=\d{4}$/);
  });

  it('scans from the start, and says not-found in the words of a missing member to a caller without a reason', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    expect(fake.calls).toEqual([]);
    fake.answerScan({ errMsg: 'scanCode:fail cancel' });
    await page.tap('#scan');
    expect(page.has('.scan-error')).toBe(false);
    fake.answerScan({ path: 'pages/card-scan/card-scan?scene=m%3Dxyz' });
    fake.respond('card.scan', fail('NOT_FOUND', '找不到这名党员', 'scene'));
    await page.tap('#scan');
    expect(fake.callsOf('card.scan')).toEqual([{ scene: 'm=xyz' }]);
    expect(page.text()).toContain('只有党员报到的支部和两地党组织可以查看活动证');
  });

  it('scans again after a code that is not a card', async () => {
    fake.respond('card.scan', fail('INVALID_CODE', '这不是流动党员活动证的二维码，请换一个码再扫', 'scene'));
    const page = await openPage(pageId, 'onLoad', { scene: 'b%3Do_1' });
    expect(page.text()).toContain('这不是流动党员活动证的二维码');
    fake.answerScan({ path: 'pages/card-scan/card-scan?scene=m%3Dabc' });
    fake.respond('card.scan', ok(cardView()));
    await page.tap('#state >>> .retry');
    expect(fake.callsOf('card.scan')).toEqual([{ scene: 'b=o_1' }, { scene: 'm=abc' }]);
    expect(page.text()).toContain('王建国（男）');
  });
});
