import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { HelpMemberView, SkillCardView } from '../../../../server/contract/skill-cards';

const pageId = loadUnit('pages/skill-card/skill-card');
const fake = useWxFake();

const card = (overrides: Partial<SkillCardView> = {}): SkillCardView => ({
  cardId: 'sk_1',
  status: 'approved',
  displayName: '周师傅',
  skills: ['水电维修', '家电维修'],
  area: '芳华社区一至十二幢',
  times: '周末全天',
  shop: { name: '海涛五金店', address: '芳华路 22 号' },
  branchName: '芳华社区第一党支部',
  consentAt: '2026-11-01T02:00:00.000Z',
  submittedAt: '2026-11-01T02:00:00.000Z',
  decidedAt: '2026-11-02T02:00:00.000Z',
  decidedByName: '刘蕾',
  reason: null,
  servicesConfirmed: 1,
  hoursConfirmed: 2,
  version: 2,
  ...overrides,
});

const help = (overrides: Partial<HelpMemberView> = {}): HelpMemberView => ({
  helpId: 'hp_1',
  status: 'waiting',
  residentName: '张阿姨',
  residentPhone: '138****0001',
  need: '水龙头漏水',
  place: '三幢 402',
  when: '周六上午',
  askedAt: '2026-11-24T02:00:00.000Z',
  answeredAt: null,
  declineReason: null,
  phoneShared: false,
  hours: null,
  confirmedAt: null,
  canAnswer: true,
  version: 1,
  ...overrides,
});

describe('skill-card', () => {
  it('publishes a first card only after the consent is ticked, for the branch to approve', async () => {
    fake.respond('skillCard.mine', ok({ card: null, canPublish: true, branchName: '芳华社区第一党支部' }));
    fake.respond('help.incoming', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad');
    expect(page.text()).toContain('还没有居民求助');
    await page.input('#displayName', '周师傅');
    await page.input('#skills', '水电维修、家电维修');
    await page.input('#area', '芳华社区');
    await page.input('#times', '周末');
    await page.tap('#save');
    expect(fake.callsOf('skillCard.save')).toEqual([]);
    expect(page.text()).toContain('请勾选');
    await page.tap('#row-consent');
    fake.respond('skillCard.save', ok(card({ status: 'pending', version: 1 })));
    fake.respond(
      'skillCard.mine',
      ok({ card: card({ status: 'pending', version: 1 }), canPublish: true, branchName: '芳华社区第一党支部' }),
    );
    fake.respond('help.incoming', ok({ items: [], nextCursor: null }));
    await page.tap('#save');
    expect(fake.callsOf('skillCard.save')).toEqual([
      {
        displayName: '周师傅',
        skills: ['水电维修', '家电维修'],
        area: '芳华社区',
        times: '周末',
        shop: null,
        consent: true,
        version: null,
      },
    ]);
    expect(page.text()).toContain('等待支部审核');
  });

  it('shows a refusal by its field, and tells a member not placed why they cannot publish', async () => {
    fake.respond('skillCard.mine', ok({ card: null, canPublish: false, branchName: null }));
    fake.respond('help.incoming', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad');
    expect(page.text()).toContain('纳入支部管理后才能发布技能卡');
  });

  it('accepts a request sharing the phone only when the member ticks it', async () => {
    fake.respond('skillCard.mine', ok({ card: card(), canPublish: true, branchName: '芳华社区第一党支部' }));
    fake.respond('help.incoming', ok({ items: [help()], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad');
    expect(page.text()).toContain('党员经营户：海涛五金店');
    expect(page.text()).toContain('已为居民服务 1 次，共 2 小时');
    expect(page.text()).toContain('居民电话：138****0001');
    fake.respond(
      'skillCard.shopCode',
      ok({
        shopName: '海涛五金店',
        scene: 's=sk_1',
        page: 'pages/community-cards/community-cards',
        imageDataUrl: 'data:image/png;base64,AA',
      }),
    );
    await page.tap('#show-shop-code');
    expect(page.has('#shop-code')).toBe(true);
    expect(page.data.shopCodeImage).toBe('data:image/png;base64,AA');
    fake.respond('help.answer', fail('HELP_NOT_OPEN', '这条求助已处理过，请刷新'));
    await page.tapNth('.accept', 0);
    expect(fake.callsOf('help.answer')).toEqual([{ helpId: 'hp_1', version: 1, decision: 'accept', sharePhone: false }]);
    expect(page.text()).toContain('这条求助已处理过');
    // Ticked: this request only.
    await page.tapNth('.share', 0);
    fake.respond('help.answer', ok(help({ status: 'accepted', canAnswer: false, phoneShared: true, version: 2 })));
    fake.respond('skillCard.mine', ok({ card: card(), canPublish: true, branchName: '芳华社区第一党支部' }));
    fake.respond(
      'help.incoming',
      ok({ items: [help({ status: 'accepted', canAnswer: false, phoneShared: true, version: 2 })], nextCursor: null }),
    );
    await page.tapNth('.accept', 0);
    expect(fake.callsOf('help.answer')[1]).toEqual({ helpId: 'hp_1', version: 1, decision: 'accept', sharePhone: true });
    expect(page.text()).toContain('您已把手机号告诉对方');
  });
});
