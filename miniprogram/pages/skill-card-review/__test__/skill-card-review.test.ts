import { ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { SkillCardReviewView } from '../../../../server/contract/skill-cards';

const pageId = loadUnit('pages/skill-card-review/skill-card-review');
const fake = useWxFake();

const waiting: SkillCardReviewView = {
  cardId: 'sk_1',
  member: { memberId: 'm_1', name: '吴刚' },
  branchName: '芳华社区第一党支部',
  status: 'pending',
  displayName: '吴师傅',
  skills: ['电脑维修'],
  area: '芳华社区',
  times: '周日下午',
  shop: null,
  submittedAt: '2026-11-20T02:00:00.000Z',
  decidedAt: null,
  reason: null,
  version: 1,
};

describe('skill-card-review', () => {
  it('rejects only with a reason, and approves', async () => {
    fake.respond('skillCard.pending', ok({ items: [waiting], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_fanghua1' });
    expect(page.text()).toContain('吴师傅（吴刚）');
    await page.tapNth('.reject-start', 0);
    await page.tap('#reject-confirm');
    expect(fake.callsOf('skillCard.review')).toEqual([]);
    expect(page.text()).toContain('不通过时请写明理由');
    await page.input('#reason', '请写明具体楼幢');
    fake.respond('skillCard.review', ok({ ...waiting, status: 'rejected', version: 2 }));
    fake.respond('skillCard.pending', ok({ items: [], nextCursor: null }));
    await page.tap('#reject-confirm');
    expect(fake.callsOf('skillCard.review')).toEqual([
      { cardId: 'sk_1', version: 1, decision: 'reject', reason: '请写明具体楼幢' },
    ]);
    expect(page.text()).toContain('现在没有待审核的技能卡');
  });
});
