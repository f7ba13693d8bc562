import { fail, ok, useWxFake } from '../../../../test/setup/wx-fake';
import { loadUnit, openPage } from '../../../../test/setup/simulate-page';
import type { HelpResidentView } from '../../../../server/contract/skill-cards';

const pageId = loadUnit('pages/community-cards/community-cards');
const fake = useWxFake();

const card = {
  cardId: 'sk_1',
  branchName: '芳华社区第一党支部',
  displayName: '周师傅',
  skills: ['水电维修'],
  area: '芳华社区',
  times: '周末',
  shop: { name: '海涛五金店', address: '' },
};

const mine = (overrides: Partial<HelpResidentView> = {}): HelpResidentView => ({
  helpId: 'hp_1',
  status: 'accepted',
  card: { cardId: 'sk_1', displayName: '周师傅', skills: ['水电维修'], branchName: '芳华社区第一党支部' },
  need: '洗衣机不脱水',
  place: '',
  when: '',
  askedAt: '2026-11-23T02:00:00.000Z',
  answeredAt: '2026-11-23T03:00:00.000Z',
  declineReason: null,
  memberPhone: '13630027537',
  hours: null,
  confirmedAt: null,
  canCancel: true,
  canConfirm: true,
  version: 2,
  ...overrides,
});

describe('community-cards', () => {
  it("opens by the community's code, asks for help without registering, and shows the field a refusal names", async () => {
    fake.respond(
      'skillCard.community',
      ok({ by: 'community', orgId: 'o_fh', orgName: '中共芳华社区委员会', cards: [card], nextCursor: null }),
    );
    fake.respond('help.mine', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { scene: encodeURIComponent('k=o_fh') });
    expect(fake.callsOf('skillCard.community')).toEqual([{ place: { scene: 'k=o_fh' } }]);
    expect(page.text()).toContain('党员经营户：海涛五金店');
    await page.tapNth('.ask-start', 0);
    await page.input('#residentName', '张阿姨');
    await page.input('#residentPhone', '1381234');
    await page.input('#need', '水龙头漏水');
    fake.respond('help.ask', fail('BAD_REQUEST', '请输入 11 位手机号', 'residentPhone'));
    await page.tap('#send');
    const [asked] = fake.callsOf('help.ask');
    expect(asked).toMatchObject({ cardId: 'sk_1', residentName: '张阿姨', residentPhone: '1381234', need: '水龙头漏水' });
    expect(page.find('#row-residentPhone')?.dom?.textContent).toContain('请输入 11 位手机号');
  });

  it("lists my requests with the member's shared phone, and confirms the hours", async () => {
    fake.respond('help.mine', ok({ items: [mine()], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', {});
    expect(page.text()).toContain('请用微信扫描社区公告栏上的“志愿服务码”');
    expect(page.text()).toContain('党员电话：13630027537');
    fake.respond(
      'help.confirm',
      ok(mine({ status: 'confirmed', hours: 2, memberPhone: null, canConfirm: false, canCancel: false })),
    );
    fake.respond(
      'help.mine',
      ok({
        items: [mine({ status: 'confirmed', hours: 2, memberPhone: null, canConfirm: false, canCancel: false })],
        nextCursor: null,
      }),
    );
    await page.fireNth('.confirm', 0, 'change', { value: '3' });
    expect(fake.callsOf('help.confirm')).toEqual([{ helpId: 'hp_1', version: 2, hours: 2 }]);
    expect(page.text()).toContain('服务已完成（2 小时）');
  });

  it('says a code that leads nowhere and still shows my requests', async () => {
    fake.respond('skillCard.community', fail('INVALID_CODE', '这不是社区的志愿服务码，请换一个码再扫', 'place.scene'));
    fake.respond('help.mine', ok({ items: [mine()], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { scene: encodeURIComponent('b=o_x') });
    expect(page.find('#code-error')?.dom?.textContent).toContain('请换一个码再扫');
    expect(page.text()).toContain('洗衣机不脱水');
  });

  it('finds the volunteers near me with my consent, and copes with a refusal', async () => {
    fake.respond('help.mine', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', {});
    // Refused: said, with the way on by the code; nothing asked of the server.
    await page.tap('#near-me');
    expect(fake.callsOf('skillCard.nearby')).toEqual([]);
    expect(page.find('#near-error')?.dom?.textContent).toContain('志愿服务码');
    fake.answerLocation({ latitude: 31.3205, longitude: 120.6285 });
    fake.respond(
      'skillCard.nearby',
      ok({ communities: [{ orgId: 'o_fh', orgName: '中共芳华社区委员会', distanceMetres: 350, cards: [card] }] }),
    );
    await page.tap('#near-me');
    expect(fake.callsOf('skillCard.nearby')).toEqual([{ point: { latitude: 31.3205, longitude: 120.6285 } }]);
    expect(page.text()).toContain('离您最近的党员志愿者');
    expect(page.text()).toContain('中共芳华社区委员会 · 约 350 米');
    expect(page.text()).toContain('向周师傅求助');
  });

  it("opens a 党员经营户's card by the code in the shop", async () => {
    fake.respond(
      'skillCard.community',
      ok({ by: 'shop', orgId: 'o_fh1', orgName: '海涛五金店', cards: [card], nextCursor: null }),
    );
    fake.respond('help.mine', ok({ items: [], nextCursor: null }));
    const page = await openPage(pageId, 'onLoad', { scene: encodeURIComponent('s=sk_1') });
    expect(fake.callsOf('skillCard.community')).toEqual([{ place: { scene: 's=sk_1' } }]);
    expect(page.text()).toContain('党员经营户 · 海涛五金店');
    expect(page.text()).toContain('向周师傅求助');
  });
});
