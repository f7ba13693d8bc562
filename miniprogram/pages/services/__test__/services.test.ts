import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { ServiceRequestView } from '../../../../server/contract/service-requests';

const pageId = loadUnit('pages/services/services');
const fake = useWxFake();

const request = (serviceId: string, overrides: Partial<ServiceRequestView> = {}): ServiceRequestView => ({
  serviceId,
  member: { memberId: 'm_wj', name: '王军' },
  branch: { orgId: 'o_b3', name: '新桥社区第三党支部' },
  kind: 'schooling',
  title: '孩子暑假托管',
  detail: '想找离家近的暑托班',
  shareWithHome: true,
  askedBy: 'member',
  askedAt: '2026-06-20T02:00:00.000Z',
  status: 'asked',
  answeredAt: null,
  steps: [{ kind: 'asked', at: '2026-06-20T02:00:00.000Z', byName: '王军', text: '', helper: null }],
  helper: null,
  outcome: null,
  can: { take: false, answer: false, handOn: false, close: false },
  version: 1,
  ...overrides,
});

describe('services', () => {
  it('the member sees their requests with the latest step, asks a new one, opens one', async () => {
    fake.respond(
      'service.mine',
      ok({
        items: [
          request('sr_2', {
            title: '爱人找工作',
            kind: 'work',
            status: 'closed',
            steps: [{ kind: 'closed', at: '2026-06-22T02:00:00.000Z', byName: '王明', text: '已介绍到超市', helper: null }],
          }),
          request('sr_1'),
        ],
        nextCursor: null,
      }),
    );
    const page = await openPage(pageId, 'onLoad', {});
    expect(fake.callsOf('service.mine')).toEqual([{ cursor: null }]);
    const rows = page.findAll('.row').map((row) => (row.dom?.textContent ?? '').replace(/\s+/g, ' '));
    expect(rows[0]).toContain('爱人找工作');
    expect(rows[0]).toContain('已办结');
    expect(rows[0]).toContain('办结（王明）');
    expect(rows[1]).toContain('待受理');
    await page.tap('#ask');
    expect(fake.lastUrl()).toBe('/pages/service-ask/service-ask');
    await page.tapNth('.row', 1);
    expect(fake.lastUrl()).toBe('/pages/service-request/service-request?serviceId=sr_1');
  });

  it('the branch lists the open ones first and can show all; an empty list says so', async () => {
    fake.respond('service.list', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_b3', name: encodeURIComponent('第三党支部') });
    expect(fake.callsOf('service.list')).toEqual([{ orgId: 'o_b3', openOnly: true, cursor: null }]);
    expect(page.text()).toContain('没有未办结的诉求');
    fake.respond('service.list', ok({ items: [request('sr_1')], nextCursor: null }));
    await page.tap('#filter-all');
    expect(fake.callsOf('service.list')[1]).toEqual({ orgId: 'o_b3', openOnly: false, cursor: null });
    expect(page.text()).toContain('子女上学 · 王军');
  });

  it('an organization out of sight says who may look, and leads home', async () => {
    fake.respond('service.list', fail('NOT_FOUND', '找不到这个组织', 'orgId'));
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_other' });
    expect(page.text()).toContain('只有本组织的书记或管理员能查看这些诉求');
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });
});
