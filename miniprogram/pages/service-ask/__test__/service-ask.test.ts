import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { ServiceRequestView } from '../../../../server/contract/service-requests';

const pageId = loadUnit('pages/service-ask/service-ask');
const fake = useWxFake();

const MADE = { serviceId: 'sr_new' } as ServiceRequestView;

describe('service-ask', () => {
  it('asks nothing without what to do, then sends the request once with the member’s choice about home', async () => {
    const page = await openPage(pageId, 'onLoad', {});
    await page.tap('#submit');
    expect(fake.callsOf('service.ask')).toEqual([]);
    expect(page.text()).toContain('请用一句话写明要办什么');

    await page.input('#kind', 'schooling');
    await page.input('#title', ' 孩子暑假托管 ');
    await page.input('#detail', '女儿上二年级');
    await page.input('#share', 'no');
    fake.respond('service.ask', fail('INTERNAL', '系统出了点问题'));
    await page.tap('#submit');
    fake.respond('service.ask', ok(MADE));
    await page.tap('#submit');
    const calls = fake.callsOf('service.ask');
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual({
      kind: 'schooling',
      title: '孩子暑假托管',
      detail: '女儿上二年级',
      shareWithHome: false,
      requestId: expect.any(String),
    });
    // The retry carries the same request id, so the server makes one request.
    expect(calls[1]).toEqual(calls[0]);
    expect(fake.lastNavigation()).toEqual({
      method: 'redirectTo',
      url: '/pages/service-request/service-request?serviceId=sr_new',
    });
  });

  it('the branch asks on a member’s behalf; a wrong field is shown beside it', async () => {
    const page = await openPage(pageId, 'onLoad', { memberId: 'm_wj', name: encodeURIComponent('王军') });
    expect(page.text()).toContain('代王军提出诉求');
    await page.input('#title', '爱人找工作');
    await page.input('#detail', '长'.repeat(10));
    fake.respond('service.ask', fail('BAD_REQUEST', '不能超过 500 个字', 'detail'));
    await page.tap('#submit');
    expect(fake.callsOf('service.ask')[0]).toMatchObject({ memberId: 'm_wj', kind: 'work', shareWithHome: true });
    expect(page.data.errors).toEqual({ detail: '不能超过 500 个字' });
  });
});
