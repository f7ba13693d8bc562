import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { TalkDueView } from '../../../../server/contract/talks';

const pageId = loadUnit('pages/talks-due/talks-due');
const fake = useWxFake();

const due = (memberId: string, name: string, cause: TalkDueView['cause'], dueBy: string): TalkDueView => ({
  dueId: `td_${memberId}_${cause}`,
  member: { memberId, name },
  cause,
  since: '2026-11-10',
  dueBy,
});

describe('talks-due', () => {
  it('lists the talks due by date, and leads to recording one with its cause', async () => {
    fake.respond(
      'talk.due',
      ok({
        items: [due('m_1', '王建国', 'placement', '2026-12-10'), due('m_2', '李红梅', 'absence', '2026-12-12')],
        nextCursor: null,
      }),
    );
    const page = await openPage(pageId, 'onLoad', { branchId: 'o_xinqiao1' });
    expect(fake.callsOf('talk.due')).toEqual([{ branchId: 'o_xinqiao1', cursor: null }]);
    const rows = page.findAll('.row').map((row) => (row.dom?.textContent ?? '').replace(/\s+/g, ' '));
    expect(rows[0]).toContain('王建国');
    expect(rows[0]).toContain('纳入管理谈话');
    expect(rows[0]).toContain('请在 2026年12月10日 前谈话');
    expect(rows[1]).toContain('缺席后谈话');
    await page.tapNth('.record', 1);
    expect(fake.lastUrl()).toBe(`/pages/talk-record/talk-record?memberId=m_2&name=${encodeURIComponent('李红梅')}&cause=absence`);
    await page.tapNth('.member', 0);
    expect(fake.lastUrl()).toBe(`/pages/member-detail/member-detail?memberId=m_1&name=${encodeURIComponent('王建国')}`);
  });

  it('says when nothing is due, and leads home from a branch out of sight', async () => {
    fake.respond('talk.due', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { branchId: 'o_xinqiao1' });
    expect(page.text()).toContain('现在没有应谈未谈的谈话');
    fake.respond('talk.due', fail('NOT_FOUND', '找不到这个组织', 'branchId'));
    const refused = await openPage(pageId, 'onLoad', { branchId: 'o_other' });
    await refused.tap('#state >>> .retry');
    expect(fake.lastNavigation()).toEqual({ method: 'reLaunch', url: '/pages/home/home' });
  });
});
