import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { ServiceRequestView } from '../../../../server/contract/service-requests';

const pageId = loadUnit('pages/service-request/service-request');
const fake = useWxFake();

const ASKED: ServiceRequestView = {
  serviceId: 'sr_1',
  member: { memberId: 'm_wj', name: '王军' },
  branch: { orgId: 'o_b3', name: '新桥社区第三党支部' },
  kind: 'schooling',
  title: '孩子暑假托管',
  detail: '女儿上二年级，暑假想找离家近的暑托班。',
  shareWithHome: true,
  askedBy: 'member',
  askedAt: '2026-06-20T02:00:00.000Z',
  status: 'asked',
  answeredAt: null,
  steps: [{ kind: 'asked', at: '2026-06-20T02:00:00.000Z', byName: '王军', text: '', helper: null }],
  helper: null,
  outcome: null,
  can: { take: true, answer: true, handOn: true, close: true },
  version: 1,
};

describe('service-request', () => {
  it('the member reads the request and its steps, and has nothing to press', async () => {
    fake.respond('service.get', ok({ ...ASKED, can: { take: false, answer: false, handOn: false, close: false } }));
    const page = await openPage(pageId, 'onLoad', { serviceId: 'sr_1' });
    expect(fake.callsOf('service.get')).toEqual([{ serviceId: 'sr_1' }]);
    expect(page.text()).toContain('孩子暑假托管');
    expect(page.text()).toContain('待受理');
    expect(page.text()).toContain('办理情况会随反馈报告告诉家乡党组织');
    expect(page.text()).toContain('提出诉求');
    expect(page.has('#take')).toBe(false);
    expect(page.has('#answer')).toBe(false);
  });

  it('the branch takes it, then hands it on with the helper, a wrong phone shown by its field', async () => {
    fake.respond('service.get', ok(ASKED));
    const page = await openPage(pageId, 'onLoad', { serviceId: 'sr_1' });
    const taken: ServiceRequestView = {
      ...ASKED,
      status: 'taken',
      version: 2,
      steps: [...ASKED.steps, { kind: 'taken', at: '2026-06-20T03:00:00.000Z', byName: '王明', text: '', helper: null }],
      can: { take: false, answer: true, handOn: true, close: true },
    };
    fake.respond('service.take', ok(taken));
    await page.tap('#take');
    expect(fake.callsOf('service.take')).toEqual([{ serviceId: 'sr_1', version: 1 }]);
    expect(page.text()).toContain('办理中');
    expect(page.has('#take')).toBe(false);

    await page.tap('#hand-on');
    // Nothing is sent without the unit.
    await page.tap('#submit');
    expect(fake.callsOf('service.handOn')).toEqual([]);
    expect(page.text()).toContain('请填写转交给哪个单位');
    await page.input('#unit', '姑苏区暑期托管班');
    await page.input('#phone', '123');
    fake.respond('service.handOn', fail('BAD_REQUEST', '电话格式不正确（手机号，或带区号的座机）', 'helper.phone'));
    await page.tap('#submit');
    expect(fake.callsOf('service.handOn')).toEqual([
      { serviceId: 'sr_1', version: 2, text: '', helper: { unit: '姑苏区暑期托管班', person: '', phone: '123' } },
    ]);
    expect(page.data.errors).toEqual({ phone: '电话格式不正确（手机号，或带区号的座机）' });

    await page.input('#phone', '0512-65221234');
    fake.respond(
      'service.handOn',
      ok({
        ...taken,
        status: 'handed_on',
        version: 3,
        helper: { unit: '姑苏区暑期托管班', person: '', phone: '0512-65221234' },
      }),
    );
    await page.tap('#submit');
    expect(page.text()).toContain('现在由：姑苏区暑期托管班 · 0512-65221234');
    expect(page.data.mode).toBe('');
  });

  it('someone else acted first: the conflict is said, and the page reloads on request', async () => {
    fake.respond('service.get', ok({ ...ASKED, status: 'taken', can: { take: false, answer: true, handOn: true, close: true } }));
    const page = await openPage(pageId, 'onLoad', { serviceId: 'sr_1' });
    await page.tap('#close');
    await page.input('#text', '已报上暑托班');
    fake.respond('service.close', fail('CONFLICT', '这条诉求刚被其他人处理，请刷新后查看', 'version'));
    await page.tap('#submit');
    expect(fake.callsOf('service.close')).toEqual([{ serviceId: 'sr_1', version: 1, outcome: '已报上暑托班' }]);
    expect(page.text()).toContain('该记录已被其他人修改，请刷新后再试');
    fake.respond(
      'service.get',
      ok({
        ...ASKED,
        status: 'closed',
        outcome: '已报上新桥小学暑托班',
        can: { take: false, answer: false, handOn: false, close: false },
      }),
    );
    await page.tap('#notice-action');
    expect(fake.callsOf('service.get')).toHaveLength(2);
    expect(page.text()).toContain('办理结果：已报上新桥小学暑托班');
    expect(page.has('#submit')).toBe(false);
  });

  it('a request out of sight leads home', async () => {
    fake.respond('service.get', fail('NOT_FOUND', '找不到这条服务诉求', 'serviceId'));
    const page = await openPage(pageId, 'onLoad', { serviceId: 'sr_other' });
    await page.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });
});
