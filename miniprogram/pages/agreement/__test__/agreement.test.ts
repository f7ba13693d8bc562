import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { ActionOutput } from '../../../../server/contract';
import type { JointMeetingView } from '../../../../server/contract/joint-management';

const pageId = loadUnit('pages/agreement/agreement');
const fake = useWxFake();

type Agreement = ActionOutput<'agreement.get'>;

function agreement(overrides: Partial<Agreement> = {}): Agreement {
  return {
    agreementId: 'ag_1',
    title: '太仓市—定远县流动党员双向共管协议',
    status: 'proposed',
    revision: 1,
    inflow: { orgId: 'o_tc', name: '中共太仓市委员会' },
    outflow: { orgId: 'o_dy', name: '中共定远县委员会' },
    scope: '中共定远县委员会及下级党组织的外出流动党员中，居住在苏州市太仓市或在中共太仓市委员会下级支部纳入管理的',
    termStart: '2026-05-20',
    termEnd: '2029-05-20',
    meetingCadence: 'quarterly',
    contacts: { inflow: { name: '顾建明', phone: '0512-53520016' }, outflow: null },
    jointOrgs: [{ orgId: 'o_joint', name: '定远县驻太仓流动党员联合党支部', coAdministeredBy: 'outflow' }],
    confirmations: { inflow: { at: '2026-05-20T02:00:00.000Z', byName: '顾建明' }, outflow: null },
    proposedBy: 'inflow',
    mySide: 'outflow',
    can: { confirm: true, revise: true, scheduleMeeting: false },
    version: 1,
    figures: { covered: 3, checkedIn: 2, reportsSent: 1, reportsRead: 1, meetingsHeld: 1, asOf: '2026-11-25T02:00:00.000Z' },
    ...overrides,
  };
}

const meeting: JointMeetingView = {
  meetingId: 'jm_1',
  agreementId: 'ag_1',
  agreementTitle: '太仓市—定远县流动党员双向共管协议',
  topic: '第三季度联席会议',
  place: '太仓市委组织部三楼会议室',
  startsAt: '2026-10-26T06:30:00.000Z',
  endsAt: '2026-10-26T08:30:00.000Z',
  status: 'held',
  attendance: [{ side: 'inflow', name: '顾建明', post: '副部长', status: 'present', reason: '' }],
  minutes: { text: '通报报到情况。', at: '2026-10-26T09:30:00.000Z', byName: '顾建明', side: 'inflow' },
  reads: { inflow: { at: '2026-10-26T09:30:00.000Z', byName: '顾建明' }, outflow: null },
  can: { record: true },
  version: 2,
};

describe('agreement', () => {
  it("shows the terms, both sides, the figures and the meetings, and confirms with this side's contact", async () => {
    fake.respond('agreement.get', ok(agreement()));
    fake.respond('jointMeeting.list', ok({ items: [meeting], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { agreementId: 'ag_1' });
    const text = page.text();
    expect(text).toContain('待确认');
    expect(text).toContain('居住在苏州市太仓市');
    expect(text).toContain('2026年5月20日 至 2029年5月20日');
    expect(text).toContain('每季度一次');
    expect(text).toContain('流出地（本方）：中共定远县委员会');
    expect(text).toContain('还没有确认第 1 版条款');
    expect(text).toContain('流出地党组织的管理员共同管理');
    expect(page.find('#figures')?.dom?.textContent?.replace(/\s+/g, '')).toContain('3覆盖党员2已报到纳入管理');
    expect(text).toContain('会议纪要：流入地已阅，流出地未阅');

    await page.input('#contact-name', '孙长林');
    await page.input('#contact-phone', '0550-4021234');
    fake.respond('agreement.confirm', ok(agreement({ status: 'in_force', version: 2 })));
    fake.respond(
      'agreement.get',
      ok(agreement({ status: 'in_force', can: { confirm: false, revise: true, scheduleMeeting: true }, version: 2 })),
    );
    fake.respond('jointMeeting.list', ok({ items: [meeting], nextCursor: null }));
    await page.tap('#confirm-button');
    expect(fake.callsOf('agreement.confirm')).toEqual([
      { agreementId: 'ag_1', version: 1, contact: { name: '孙长林', phone: '0550-4021234' } },
    ]);
    expect(page.text()).toContain('生效中');
    expect(page.has('#confirm')).toBe(false);

    await page.tapNth('#meetings .row', 0);
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/joint-meeting/joint-meeting?meetingId=jm_1' });
  });

  it('a confirmation that lost the race says so and offers to reload', async () => {
    fake.respond('agreement.get', ok(agreement()));
    fake.respond('jointMeeting.list', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { agreementId: 'ag_1' });
    expect(page.text()).toContain('还没有安排联席会议');
    await page.input('#contact-name', '孙长林');
    await page.input('#contact-phone', '0550-4021234');
    fake.respond('agreement.confirm', fail('CONFLICT', '这份协议刚被对方修改或确认，请刷新后查看', 'version'));
    await page.tap('#confirm-button');
    expect(page.text()).toContain('该记录已被其他人修改，请刷新后再试');
    expect(page.find('#save-error-action')?.dom?.textContent).toContain('刷新');
  });

  it('an agreement the caller may not see shows the way home', async () => {
    fake.respond('agreement.get', fail('NOT_FOUND', '找不到这份共管协议', 'agreementId'));
    fake.respond('jointMeeting.list', fail('NOT_FOUND', '找不到这份共管协议', 'agreementId'));
    const page = await openPage(pageId, 'onLoad', { agreementId: 'ag_x' });
    expect(page.data.status).toBe('error');
    expect(page.text()).toContain('返回首页');
  });
});
