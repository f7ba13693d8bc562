import { ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, type PageDriver } from '../../../../test/setup/simulate-page';
import { roundTableView, suggestionView } from '../../../../test/setup/homecoming-fixtures';
import type { ActionOutput } from '../../../../server/contract';

const pageId = loadUnit('pages/round-table/round-table');
const fake = useWxFake();

type Detail = ActionOutput<'roundTable.get'>;

/** Held at 19:00 on 28 November 2026 Shanghai time; the tests' clock is past its start. */
function detail(overrides: Partial<Detail> = {}): Detail {
  return {
    roundTable: roundTableView({ startsAt: '2020-01-01T11:00:00.000Z', endsAt: '2020-01-01T13:00:00.000Z' }),
    sheet: [
      {
        member: { memberId: 'm_yu', name: '郁金铭' },
        attendance: {
          memberId: 'm_yu',
          memberName: '郁金铭',
          status: 'present',
          mode: 'remote',
          via: 'join_code',
          reason: null,
          recordedAt: '2020-01-01T11:05:00.000Z',
          recordedByName: '郁金铭',
          version: 1,
        },
      },
      { member: { memberId: 'm_zhao', name: '赵志强' }, attendance: null },
    ],
    mine: null,
    signIn: null,
    suggestions: [suggestionView({ next: ['adopted', 'in_progress', 'not_taken'] })],
    canManage: true,
    ...overrides,
  };
}

async function open(data: Detail = detail()): Promise<PageDriver> {
  fake.respond('roundTable.get', ok(data));
  return openPage(pageId, 'onLoad', { roundTableId: 'rt_1' });
}

describe('round-table', () => {
  it('shows the join code large, who came and how, and each suggestion with its next steps', async () => {
    const p = await open();
    expect(p.text()).toContain('482913');
    expect(p.text()).toContain('郁金铭远程参会');
    expect(p.text()).toContain('赵志强未签到');
    expect(p.text()).toContain('在村里建一个农产品直播间');
    expect(p.findAll('.follow')).toHaveLength(3);
  });

  it('marks leave only with a reason, sending the version it saw', async () => {
    const p = await open();
    await p.tapNth('.mark-leave', 1);
    expect(p.text()).toContain('请先在赵志强下面写明请假原因');
    expect(fake.callsOf('roundTable.mark')).toEqual([]);
    await p.fireNth('.sheet-row .note-input', 1, 'change', { value: '单位加班' });
    fake.respond('roundTable.mark', ok(detail().sheet[0].attendance!));
    fake.respond('roundTable.get', ok(detail()));
    await p.tapNth('.mark-leave', 1);
    expect(fake.callsOf('roundTable.mark')).toEqual([
      { roundTableId: 'rt_1', memberId: 'm_zhao', status: 'leave', mode: 'in_person', reason: '单位加班', expectedVersion: null },
    ]);
  });

  it('saves the minutes and records a suggestion, then follows it', async () => {
    const p = await open();
    await p.input('#minutes', '围绕农产品销路展开讨论');
    fake.respond('roundTable.saveMinutes', ok(roundTableView({ minutes: '围绕农产品销路展开讨论', version: 2 })));
    fake.respond('roundTable.get', ok(detail()));
    await p.tap('#save-minutes');
    expect(fake.callsOf('roundTable.saveMinutes')).toEqual([
      { roundTableId: 'rt_1', minutes: '围绕农产品销路展开讨论', version: 1 },
    ]);
    expect(p.text()).toContain('纪要已保存');

    await p.input('#suggestion-text', '每年春节开一次座谈会');
    fake.respond('suggestion.add', ok(suggestionView({ suggestionId: 'sg_2' })));
    fake.respond('roundTable.get', ok(detail()));
    await p.tap('#add-suggestion');
    expect(fake.callsOf('suggestion.add')).toEqual([
      { roundTableId: 'rt_1', memberId: 'm_yu', requestId: expect.any(String), content: '每年春节开一次座谈会' },
    ]);

    fake.respond('suggestion.follow', ok(suggestionView({ status: 'adopted' })));
    fake.respond('roundTable.get', ok(detail()));
    await p.tapNth('.follow', 0);
    expect(fake.callsOf('suggestion.follow')).toEqual([{ suggestionId: 'sg_1', status: 'adopted', note: '', version: 1 }]);
    expect(p.text()).toContain('提建议的党员可以看到');
  });

  it('before the start, offers leave only and no minutes', async () => {
    const p = await open(
      detail({ roundTable: roundTableView({ startsAt: '2099-01-01T11:00:00.000Z', endsAt: '2099-01-01T13:00:00.000Z' }) }),
    );
    expect(p.text()).toContain('会议开始后可以记录纪要和建议');
    expect(p.has('#minutes')).toBe(false);
  });
});
