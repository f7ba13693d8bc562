import { ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { AgreementView } from '../../../../server/contract/joint-management';

const pageId = loadUnit('pages/agreements/agreements');
const fake = useWxFake();

function agreement(overrides: Partial<AgreementView> = {}): AgreementView {
  return {
    agreementId: 'ag_1',
    title: '太仓市—定远县流动党员双向共管协议',
    status: 'in_force',
    revision: 1,
    inflow: { orgId: 'o_tc', name: '中共太仓市委员会' },
    outflow: { orgId: 'o_dy', name: '中共定远县委员会' },
    scope: '…',
    termStart: '2026-05-20',
    termEnd: '2029-05-20',
    meetingCadence: 'quarterly',
    contacts: { inflow: null, outflow: null },
    jointOrgs: [],
    confirmations: { inflow: null, outflow: null },
    proposedBy: 'inflow',
    mySide: 'outflow',
    can: { confirm: false, revise: true, scheduleMeeting: true },
    version: 2,
    ...overrides,
  };
}

describe('agreements', () => {
  it('lists the agreements, the one waiting for this side first, each opening its page', async () => {
    fake.respond(
      'agreement.list',
      ok({
        items: [
          agreement(),
          agreement({
            agreementId: 'ag_2',
            title: '修改后的协议',
            status: 'proposed',
            can: { confirm: true, revise: true, scheduleMeeting: false },
          }),
        ],
        nextCursor: null,
      }),
    );
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_dy', name: encodeURIComponent('中共定远县委员会') });
    expect(fake.callsOf('agreement.list')).toEqual([{ orgId: 'o_dy', limit: 50 }]);
    const rows = page.findAll('#agreements .row').map((row) => (row.dom?.textContent ?? '').replace(/\s+/g, ''));
    expect(rows[0]).toContain('修改后的协议待确认');
    expect(rows[0]).toContain('待本方确认');
    expect(rows[1]).toContain('生效中');
    expect(rows[1]).toContain('期限：2026年5月20日至2029年5月20日');
    await page.tapNth('#agreements .row', 0);
    expect(fake.lastNavigation()).toEqual({ method: 'navigateTo', url: '/pages/agreement/agreement?agreementId=ag_2' });
  });

  it('says what to do when there is none', async () => {
    fake.respond('agreement.list', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { orgId: 'o_dy', name: encodeURIComponent('中共定远县委员会') });
    expect(page.text()).toContain('本组织还没有共管协议');
  });
});
