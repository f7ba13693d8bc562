import { ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, type PageDriver } from '../../../../test/setup/simulate-page';
import { memberView } from '../../../../test/setup/fixtures';
import { candidateView, invitationView, roundTableView } from '../../../../test/setup/homecoming-fixtures';
import type { CandidateView, ThinkTankInvitationView } from '../../../../server/contract/homecoming';

const pageId = loadUnit('pages/homecoming/homecoming');
const fake = useWxFake();

const page = <T>(items: T[]) => ok({ items, nextCursor: null });
const yu = memberView({
  memberId: 'm_yu',
  name: '郁金铭',
  status: 'placed',
  inflowBranch: { orgId: 'o_x1', name: '新桥社区第一党支部' },
  outflow: { orgId: 'o_village', name: '新港村党支部', region: { province: '江苏省', city: '泰州市', district: '靖江市' } },
});
const wang = memberView({ memberId: 'm_wang', name: '王海军', status: 'registered', inflowBranch: null });

function respondAll(
  invitations: ThinkTankInvitationView[] = [invitationView({ status: 'accepted' })],
  candidates: CandidateView[] = [candidateView()],
) {
  fake.respond('outflow.members', page([yu, wang]));
  fake.respond('thinkTank.list', page(invitations));
  fake.respond('roundTable.list', page([roundTableView()]));
  fake.respond('roundTable.list', page([]));
  fake.respond('candidate.list', page(candidates));
}

async function open(tab = ''): Promise<PageDriver> {
  respondAll();
  return openPage(pageId, 'onLoad', { orgId: 'o_jj', name: encodeURIComponent('中共靖江市委员会'), ...(tab ? { tab } : {}) });
}

describe('homecoming', () => {
  it('lists the think-tank and invites an outgoing member not yet invited', async () => {
    const p = await open();
    expect(p.text()).toContain('中共靖江市委员会');
    expect(p.text()).toContain('郁金铭已加入');
    expect(p.has('.invite')).toBe(false);
    await p.tap('#open-members');
    // 郁金铭 is in already: only 王海军 can be invited.
    expect(p.findAll('.invite')).toHaveLength(1);
    await p.input('.note-input', '请为家乡发展出出主意');
    fake.respond('thinkTank.invite', ok(invitationView({ member: { memberId: 'm_wang', name: '王海军' } })));
    respondAll();
    await p.tap('.invite');
    expect(fake.callsOf('thinkTank.invite')).toEqual([
      { orgId: 'o_jj', memberId: 'm_wang', note: '请为家乡发展出出主意', version: null },
    ]);
    expect(p.text()).toContain('已邀请王海军加入智囊团');
  });

  it('schedules a round-table: says what is missing, then opens it', async () => {
    const p = await open('round_tables');
    expect(p.text()).toContain('新港村特色产业发展献计');
    expect(p.text()).toContain('还没有召开过圆桌会');
    await p.tap('#open-form');
    await p.tap('#create');
    expect(p.text()).toContain('请填写主题');
    expect(fake.callsOf('roundTable.create')).toEqual([]);
    await p.input('#topic', '春节返乡党员座谈会筹备');
    await p.input('#place', '线上会议');
    await p.fire('#date', 'change', { value: '2026-12-20' });
    await p.fire('#start-time', 'change', { value: '14:30' });
    fake.respond('roundTable.create', ok(roundTableView({ roundTableId: 'rt_new' })));
    await p.tap('#create');
    const [sent] = fake.callsOf('roundTable.create');
    expect(sent).toMatchObject({
      orgId: 'o_jj',
      topic: '春节返乡党员座谈会筹备',
      date: '2026-12-20',
      startTime: '14:30',
      durationMinutes: 120,
    });
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/round-table/round-table?roundTableId=rt_new' });
  });

  it('appoints a first secretary only after saying the return home is recorded with it', async () => {
    const p = await open('candidates');
    expect(p.text()).toContain('郁金铭 · 第一书记');
    expect(p.text()).toContain('新港村党支部');
    const appoint = p.findAll('.step-button')[1];
    fake.answerModal(false);
    appoint.dispatchEvent('tap', { detail: {} });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(fake.modals.at(-1)?.content).toContain('同时登记其返回家乡');
    expect(fake.callsOf('candidate.step')).toEqual([]);

    fake.respond('candidate.step', ok(candidateView({ status: 'appointed', memberStatus: 'returned', next: [] })));
    respondAll(undefined, [candidateView({ status: 'appointed', memberStatus: 'returned', next: [] })]);
    await p.tapNth('.step-button', 1);
    expect(fake.callsOf('candidate.step')).toEqual([
      { candidateId: 'vc_fs_m_yu', step: 'appointed', on: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), note: '', version: 1 },
    ]);
    expect(p.text()).toContain('郁金铭已任命，已登记返回家乡，流动结束');
    expect(p.has('.step-button')).toBe(false);
  });

  it('proposes an outgoing member for a post of their own village', async () => {
    const p = await open('candidates');
    await p.tap('#open-members');
    fake.respond('candidate.propose', ok(candidateView({ post: 'reserve_cadre' })));
    respondAll();
    await p.tap('.propose-reserve');
    expect(fake.callsOf('candidate.propose')).toEqual([
      { orgId: 'o_jj', memberId: 'm_yu', post: 'reserve_cadre', postOrgId: 'o_village', note: '', version: null },
    ]);
  });
});
