import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage, type PageDriver } from '../../../../test/setup/simulate-page';
import { invitationView, roundTableView, suggestionView } from '../../../../test/setup/homecoming-fixtures';
import type { ActionOutput } from '../../../../server/contract';

const pageId = loadUnit('pages/my-homecoming/my-homecoming');
const fake = useWxFake();

type Mine = ActionOutput<'homecoming.mine'>;

function mine(overrides: Partial<Mine> = {}): Mine {
  return {
    invitations: [invitationView()],
    roundTables: [
      {
        roundTable: roundTableView({ joinCode: null }),
        mine: null,
        signIn: { state: 'open', opensAt: '2026-11-28T10:30:00.000Z', closesAt: '2026-11-28T13:00:00.000Z' },
      },
    ],
    suggestions: [
      suggestionView({
        status: 'done',
        steps: [
          { status: 'recorded', note: '', byName: '陈立新', at: '2026-10-26T13:30:00.000Z' },
          { status: 'adopted', note: '村两委会研究同意', byName: '陈立新', at: '2026-10-31T02:00:00.000Z' },
          { status: 'done', note: '直播间已建成', byName: '陈立新', at: '2026-11-20T02:00:00.000Z' },
        ],
      }),
    ],
    ...overrides,
  };
}

async function open(data: Mine = mine(), options: Record<string, string> = {}): Promise<PageDriver> {
  fake.respond('homecoming.mine', ok(data));
  return openPage(pageId, 'onLoad', options);
}

describe('my-homecoming', () => {
  it('shows the invitation, the round-table open for signing in, and each step of my suggestion', async () => {
    const page = await open();
    expect(page.text()).toContain('中共靖江市委员会智囊团');
    expect(page.text()).toContain('请为家乡特色农产品的销路出出主意');
    expect(page.has('.accept')).toBe(true);
    expect(page.text()).toContain('新港村特色产业发展献计');
    expect(page.text()).toContain('2026年11月28日 19:00–21:00');
    expect(page.has('.join-input')).toBe(true);
    expect(page.text()).toContain('已办结');
    expect(page.text()).toContain('已采纳 · 陈立新：村两委会研究同意');
    expect(page.text()).toContain('已办结 · 陈立新：直播间已建成');
  });

  it('accepts the invitation with the version it showed, and reads the page again', async () => {
    const page = await open();
    fake.respond('thinkTank.respond', ok(invitationView({ status: 'accepted', version: 2 })));
    fake.respond('homecoming.mine', ok(mine({ invitations: [invitationView({ status: 'accepted', version: 2 })] })));
    await page.tap('.accept');
    expect(fake.callsOf('thinkTank.respond')).toEqual([{ invitationId: 'tt_yu', answer: 'accept', version: 1 }]);
    expect(page.text()).toContain('已加入中共靖江市委员会智囊团');
    expect(page.has('.accept')).toBe(false);
  });

  it('signs in from afar with the join code, and says a wrong one is wrong', async () => {
    const page = await open();
    await page.tap('.join');
    expect(page.text()).toContain('请输入主持人告知的 6 位远程参会码');
    expect(fake.callsOf('roundTable.signIn')).toEqual([]);

    await page.input('.join-input', '123456');
    fake.respond('roundTable.signIn', fail('BAD_REQUEST', '远程参会码不对，请向主持人核对后再输入', 'joinCode'));
    await page.tap('.join');
    expect(page.text()).toContain('远程参会码不对');

    fake.respond(
      'roundTable.signIn',
      ok({
        roundTable: roundTableView({ joinCode: null, remoteCount: 1 }),
        attendance: {
          memberId: 'm_yu',
          memberName: '郁金铭',
          status: 'present',
          mode: 'remote',
          via: 'join_code',
          reason: null,
          recordedAt: '2026-11-28T11:05:00.000Z',
          recordedByName: '郁金铭',
          version: 1,
        },
        alreadySignedIn: false,
      }),
    );
    fake.respond('homecoming.mine', ok(mine()));
    await page.tap('.join');
    expect(fake.callsOf('roundTable.signIn').at(-1)).toEqual({ how: 'join_code', roundTableId: 'rt_1', joinCode: '123456' });
    expect(page.text()).toContain('远程参会成功：新港村特色产业发展献计');
  });

  it('opened by the sign-in code on the wall, signs in first', async () => {
    fake.respond('roundTable.signIn', fail('SIGN_IN_CLOSED', '圆桌会已经结束，不能再签到'));
    const page = await open(mine(), { scene: encodeURIComponent('r=rt_1') });
    expect(fake.callsOf('roundTable.signIn')).toEqual([{ how: 'scan', scene: 'r=rt_1' }]);
    expect(page.text()).toContain('圆桌会已经结束');
  });

  it('says what each empty part will hold', async () => {
    const page = await open({ invitations: [], roundTables: [], suggestions: [] });
    expect(page.text()).toContain('家乡党组织还没有邀请您加入智囊团');
    expect(page.text()).toContain('加入智囊团后，家乡召开的圆桌会会显示在这里');
    expect(page.text()).toContain('每一步办理情况都能看到');
    expect(page.has('#scan')).toBe(false);
  });

  it('sends an unregistered caller to register', async () => {
    fake.respond('homecoming.mine', fail('NOT_REGISTERED'));
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('登记');
  });
});
