import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import { todayCst } from '../../../services/format';

const pageId = loadUnit('pages/talk-record/talk-record');
const fake = useWxFake();
const OPTIONS = { memberId: 'm_1', name: encodeURIComponent('王建国'), cause: 'placement' };

const recorded = {
  talkId: 'tk_1',
  memberId: 'm_1',
  cause: 'placement' as const,
  heldOn: '2026-11-25',
  heldByName: '李秀英',
  topic: '了解工作',
  note: '',
  recordedByName: '李秀英',
  recordedAt: '2026-11-25T02:00:00.000Z',
};

describe('talk-record', () => {
  it('starts from the cause it was opened for and today, asks for a topic, and sends one request id on every retry', async () => {
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    expect(page.text()).toContain('与王建国谈心谈话');
    expect(page.text()).toContain('备注只有流入地支部和党员的流出地党组织能看到');
    expect(page.data.form).toMatchObject({ cause: 'placement', heldOn: todayCst() });
    await page.tap('#submit');
    expect(fake.calls).toEqual([]);
    expect(page.find('#row-topic .field-error')?.dom?.textContent).toBe('请填写谈话主题');

    await page.input('#topic', ' 了解工作 ');
    await page.input('#note', '想换夜班少的工作');
    fake.failTransport('talk.record', 'request:fail');
    await page.tap('#submit');
    expect(page.text()).toContain('网络不通');
    fake.respond('talk.record', ok(recorded));
    await page.tap('#submit');
    const [first, second] = fake.callsOf('talk.record');
    expect(second).toEqual(first);
    expect(first).toMatchObject({
      memberId: 'm_1',
      cause: 'placement',
      topic: '了解工作',
      note: '想换夜班少的工作',
      heldByName: '',
    });
    expect(fake.navigations.length).toBeGreaterThan(0);
  });

  it('puts the server refusal beside the field it names', async () => {
    const page = await openPage(pageId, 'onLoad', OPTIONS);
    await page.input('#topic', '了解工作');
    fake.respond('talk.record', fail('BAD_REQUEST', '谈话日期不能早于纳入本支部管理的日期（2026年11月10日）', 'heldOn'));
    await page.tap('#submit');
    expect(page.find('#row-heldOn .field-error')?.dom?.textContent).toContain('不能早于纳入本支部管理的日期');
  });
});
