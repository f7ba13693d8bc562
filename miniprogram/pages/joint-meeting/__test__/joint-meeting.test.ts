import { ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { JointMeetingView } from '../../../../server/contract/joint-management';

const pageId = loadUnit('pages/joint-meeting/joint-meeting');
const fake = useWxFake();

const held: JointMeetingView = {
  meetingId: 'jm_1',
  agreementId: 'ag_1',
  agreementTitle: '太仓市—定远县流动党员双向共管协议',
  topic: '第三季度联席会议',
  place: '太仓市委组织部三楼会议室',
  startsAt: '2026-10-26T06:30:00.000Z',
  endsAt: '2026-10-26T08:30:00.000Z',
  status: 'held',
  attendance: [
    { side: 'inflow', name: '顾建明', post: '副部长', status: 'present', reason: '' },
    { side: 'outflow', name: '陈兴旺', post: '村党支部书记', status: 'leave', reason: '村里秋收' },
  ],
  minutes: { text: '一、通报报到情况。\n二、商定谈心谈话。', at: '2026-10-26T09:30:00.000Z', byName: '顾建明', side: 'inflow' },
  reads: {
    inflow: { at: '2026-10-26T09:30:00.000Z', byName: '顾建明' },
    outflow: { at: '2026-10-27T01:00:00.000Z', byName: '孙长林' },
  },
  can: { record: true },
  version: 3,
};

describe('joint-meeting', () => {
  it("shows each side's attendance, the minutes and who has read them", async () => {
    fake.respond('jointMeeting.get', ok(held));
    const page = await openPage(pageId, 'onLoad', { meetingId: 'jm_1' });
    expect(fake.callsOf('jointMeeting.get')).toEqual([{ meetingId: 'jm_1' }]);
    const attendance = (page.find('#attendance')?.dom?.textContent ?? '').replace(/\s+/g, '');
    expect(attendance).toContain('流入地顾建明（副部长）出席');
    expect(attendance).toContain('流出地陈兴旺（村党支部书记）请假：村里秋收');
    expect(page.text()).toContain('二、商定谈心谈话。');
    expect(page.text()).toContain('孙长林已阅');
  });

  it('a meeting not held yet says who records it', async () => {
    fake.respond(
      'jointMeeting.get',
      ok({ ...held, status: 'scheduled', attendance: [], minutes: null, reads: { inflow: null, outflow: null } }),
    );
    const page = await openPage(pageId, 'onLoad', { meetingId: 'jm_1' });
    expect(page.has('#attendance')).toBe(false);
    expect(page.text()).toContain('会议还没有召开');
  });
});
