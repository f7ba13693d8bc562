import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import { cardView } from '../../../../test/setup/fixtures';

const pageId = loadUnit('pages/card-review/card-review');
const fake = useWxFake();

const review = (version: number) => ({
  reviewId: 'cr_m_1_2026',
  year: 2026,
  result: 'deferred' as const,
  note: '长期未参加组织生活',
  appraisal: null,
  recordedOn: '2026-11-25',
  recordedByName: '吴村书',
  version,
});

describe('card-review', () => {
  it('shows the year reported so far and records the first review of the year', async () => {
    fake.respond(
      'card.get',
      ok(cardView({ side: 'outflow', canReview: true, participation: [{ ...cardView().participation[0] }] })),
    );
    const page = await openPage(pageId, 'onLoad', { memberId: 'm_1', name: encodeURIComponent('王建国'), year: '2026' });
    expect(page.text()).toContain('王建国 2026年活动证年审');
    expect(page.text()).toContain('今年支部报送了 1 期反馈：应参加组织生活 6 次，参加 5 次。');
    expect(page.text()).toContain('办理年审');
    fake.respond('card.review', ok(review(1)));
    await page.tap('#save');
    expect(fake.callsOf('card.review')).toEqual([{ memberId: 'm_1', year: 2026, result: 'passed', note: '', version: null }]);
  });

  it('counts the periods the server puts in the year, whatever their key', async () => {
    const [row] = cardView().participation;
    // A report whose period ended in 2026 though its key reads otherwise counts for 2026, and only it.
    const participation = [
      { ...row, reportId: 'r_1_2025-Y', periodKey: '2025-Y', year: 2026 },
      { ...row, reportId: 'r_1_2026-Q3', year: 2025 },
    ];
    fake.respond('card.get', ok(cardView({ side: 'outflow', canReview: true, participation })));
    const page = await openPage(pageId, 'onLoad', { memberId: 'm_1', name: encodeURIComponent('王建国'), year: '2026' });
    expect(page.text()).toContain('今年支部报送了 1 期反馈');
  });

  it("changes this year's review with its version, and shows a refusal", async () => {
    fake.respond('card.get', ok(cardView({ side: 'outflow', canReview: true, participation: [], reviews: [review(2)] })));
    const page = await openPage(pageId, 'onLoad', { memberId: 'm_1', year: '2026' });
    expect(page.text()).toContain('今年支部还没有报送反馈报告。');
    expect(page.data.form).toEqual({ result: 'deferred', note: '长期未参加组织生活' });
    fake.respond('card.review', fail('CONFLICT', '这一年的年审刚被其他人办理或修改，请刷新后再看', 'version'));
    await page.tap('#save');
    expect(fake.callsOf('card.review')[0]).toMatchObject({ version: 2, result: 'deferred' });
    expect(page.text()).toContain('该记录已被其他人修改，请刷新后再试');
  });
});
