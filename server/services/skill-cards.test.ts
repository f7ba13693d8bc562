import type { ActionInput, ActionResult } from '../contract';
import { COLLECTIONS } from '../store/indexes';
import {
  type Harness,
  type Tree,
  BACKENDS,
  createHarness,
  nextRequestId,
  placeMember,
  seedTree,
} from '../../test/support/harness';
import { AFTER_Q4, openDraft } from '../../test/support/report-world';
import { skillCardScene } from './skill-cards';

/**
 * 亮身份: the skill card's consent, approval and withdrawal; residents finding cards by a
 * community's code and asking for help; the member's answer and the phone shared per request;
 * the resident's confirmation counted as volunteer hours.
 */

const MEMBER = 'm_card_owner';
const OTHER_MEMBER = 'm_card_other';
const RESIDENT = 'wx_resident_zhang';
const OTHER_RESIDENT = 'wx_resident_li';
/** The card owner's registered phone: no resident may read it unless it is shared. */
const MEMBER_PHONE = '13912345678';
const RESIDENT_PHONE = '13800001111';

const CARD: ActionInput<'skillCard.save'> = {
  displayName: '刘师傅',
  skills: ['水电维修', '家电维修'],
  area: '芳华社区一至六幢',
  times: '周六、周日上午',
  shop: null,
  consent: true,
  version: null,
};

function refused(result: ActionResult<unknown>, code: string, field?: string) {
  expect(result).toEqual({ ok: false, error: expect.objectContaining(field ? { code, field } : { code }) });
}

async function everything(h: Harness) {
  const all = async (collection: string) => (await h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
  return {
    cards: await all(COLLECTIONS.skillCards),
    help: await all(COLLECTIONS.helpRequests),
    outbox: await all(COLLECTIONS.outbox),
  };
}

describe.each(BACKENDS)('skill cards and help for residents on %s', (backend) => {
  let h: Harness;
  let tree: Tree;
  let memberId: string;

  beforeEach(async () => {
    h = await createHarness(backend);
    tree = await seedTree(h);
    memberId = await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '刘建军', phone: MEMBER_PHONE });
    await placeMember(h, tree, OTHER_MEMBER, tree.branchB.orgId, { name: '孙丽', phone: '13955550000' });
  });
  afterEach(() => h.close());

  const community = (limit = 20) => h.ok(RESIDENT, 'skillCard.community', { place: { orgId: tree.community.orgId }, limit });

  async function approvedCard(input: Partial<ActionInput<'skillCard.save'>> = {}) {
    const card = await h.ok(MEMBER, 'skillCard.save', { ...CARD, ...input });
    return h.ok(tree.people.secretaryA, 'skillCard.review', { cardId: card.cardId, version: card.version, decision: 'approve' });
  }

  async function ask(openid = RESIDENT, requestId = nextRequestId()) {
    const [card] = (await community()).cards;
    return h.ok(openid, 'help.ask', {
      cardId: card.cardId,
      requestId,
      residentName: '张阿姨',
      residentPhone: RESIDENT_PHONE,
      need: '厨房水龙头漏水',
      place: '芳华社区三幢 402',
      when: '本周六上午',
    });
  }

  it('publishes only with consent, shows only once the branch approves, and hides at once when withdrawn', async () => {
    const before = await everything(h);
    refused(await h.call(MEMBER, 'skillCard.save', { ...CARD, consent: false as unknown as true }), 'BAD_REQUEST', 'consent');
    refused(await h.call(MEMBER, 'skillCard.save', { ...CARD, skills: [] }), 'BAD_REQUEST', 'skills');
    expect(await everything(h)).toEqual(before);

    const saved = await h.ok(MEMBER, 'skillCard.save', CARD);
    expect(saved).toMatchObject({ status: 'pending', branchName: '新桥社区第一党支部', displayName: '刘师傅', version: 1 });
    // A retried tap changes nothing.
    expect(await h.ok(MEMBER, 'skillCard.save', CARD)).toEqual(saved);
    expect((await community()).cards).toEqual([]);

    const waiting = await h.ok(tree.people.secretaryA, 'skillCard.pending', { orgId: tree.branchA.orgId });
    expect(waiting.items).toEqual([expect.objectContaining({ cardId: saved.cardId, member: { memberId, name: '刘建军' } })]);
    // The branch beside sees none of it.
    refused(await h.call(tree.people.secretaryB, 'skillCard.pending', { orgId: tree.branchA.orgId }), 'NOT_FOUND');
    refused(
      await h.call(tree.people.secretaryB, 'skillCard.review', { cardId: saved.cardId, version: 1, decision: 'approve' }),
      'NOT_FOUND',
    );
    refused(
      await h.call(tree.people.secretaryA, 'skillCard.review', { cardId: saved.cardId, version: 1, decision: 'reject' }),
      'BAD_REQUEST',
      'reason',
    );

    await h.ok(tree.people.secretaryA, 'skillCard.review', { cardId: saved.cardId, version: 1, decision: 'approve' });
    const shown = await community();
    expect(shown).toEqual({
      by: 'community',
      orgId: tree.community.orgId,
      orgName: '新桥社区党委',
      cards: [
        {
          cardId: saved.cardId,
          branchName: '新桥社区第一党支部',
          displayName: '刘师傅',
          skills: ['水电维修', '家电维修'],
          area: '芳华社区一至六幢',
          times: '周六、周日上午',
          shop: null,
        },
      ],
      nextCursor: null,
    });
    // The same list by the code on the wall; a branch's own code shows its cards too.
    expect(await h.ok(RESIDENT, 'skillCard.community', { place: { scene: skillCardScene(tree.community.orgId) } })).toEqual(
      shown,
    );
    expect((await h.ok(RESIDENT, 'skillCard.community', { place: { orgId: tree.branchB.orgId } })).cards).toEqual([]);
    refused(await h.call(RESIDENT, 'skillCard.community', { place: { scene: 'b=o_abc' } }), 'INVALID_CODE', 'place.scene');
    refused(await h.call(RESIDENT, 'skillCard.community', { place: { orgId: 'o_nosuchorg' } }), 'NOT_FOUND');

    const mine = await h.ok(MEMBER, 'skillCard.mine', {});
    expect(mine.card).toMatchObject({ status: 'approved', decidedByName: '李秀英' });
    const withdrawn = await h.ok(MEMBER, 'skillCard.withdraw', { version: mine.card!.version });
    expect(withdrawn.status).toBe('withdrawn');
    expect((await community()).cards).toEqual([]);

    // Published again: back to the branch first.
    const again = await h.ok(MEMBER, 'skillCard.save', { ...CARD, version: withdrawn.version });
    expect(again.status).toBe('pending');
    expect((await community()).cards).toEqual([]);
  });

  it("shows the 党员经营户's shop on the same card, and the shop's code opens that card alone", async () => {
    // No shop, or not approved yet: no shop code.
    await h.ok(MEMBER, 'skillCard.save', { ...CARD, shop: { name: '靖兴建材商行', address: '平江路 88 号' } });
    refused(await h.call(MEMBER, 'skillCard.shopCode', {}), 'FORBIDDEN');
    const mine = (await h.ok(MEMBER, 'skillCard.mine', {})).card!;
    await h.ok(tree.people.secretaryA, 'skillCard.review', { cardId: mine.cardId, version: mine.version, decision: 'approve' });
    expect((await community()).cards[0]).toMatchObject({
      displayName: '刘师傅',
      shop: { name: '靖兴建材商行', address: '平江路 88 号' },
    });
    const code = await h.ok(MEMBER, 'skillCard.shopCode', {});
    expect(code).toMatchObject({
      shopName: '靖兴建材商行',
      scene: `s=${mine.cardId}`,
      page: 'pages/community-cards/community-cards',
    });
    expect(code.scene.length).toBeLessThanOrEqual(32);
    const shop = await h.ok(RESIDENT, 'skillCard.community', { place: { scene: code.scene } });
    expect(shop).toMatchObject({ by: 'shop', orgName: '靖兴建材商行', cards: [{ cardId: mine.cardId, displayName: '刘师傅' }] });
    // Withdrawn: the code in the shop leads nowhere, said like a card that never was.
    const approved = (await h.ok(MEMBER, 'skillCard.mine', {})).card!;
    await h.ok(MEMBER, 'skillCard.withdraw', { version: approved.version });
    const gone = await h.call(RESIDENT, 'skillCard.community', { place: { scene: code.scene } });
    const never = await h.call(RESIDENT, 'skillCard.community', { place: { scene: 's=sk_nosuchcard0' } });
    expect(gone).toEqual(never);
    refused(gone, 'NOT_FOUND', 'place.scene');
  });

  it('a change to an approved card goes back to the branch, and an old version loses', async () => {
    const approved = await approvedCard();
    const changed = await h.ok(MEMBER, 'skillCard.save', { ...CARD, times: '每天晚上', version: approved.version });
    expect(changed.status).toBe('pending');
    expect((await community()).cards).toEqual([]);
    refused(await h.call(MEMBER, 'skillCard.save', { ...CARD, times: '周一', version: approved.version }), 'CONFLICT', 'version');
  });

  it('a member not placed cannot publish, and a card of a member who left shows nowhere', async () => {
    await h.ok('m_not_placed', 'consent.accept', { version: (await h.ok('m_not_placed', 'consent.notice', {})).version });
    refused(await h.call('m_not_placed', 'skillCard.save', CARD), 'NOT_REGISTERED');
    await approvedCard();
    expect((await community()).cards).toHaveLength(1);
    await h.ok(MEMBER, 'placement.leave', {
      memberId,
      branchId: tree.branchA.orgId,
      endedOn: '2026-11-25',
      reason: 'moved_city',
      destination: '无锡',
    });
    expect((await community()).cards).toEqual([]);
    refused(await h.call(MEMBER, 'skillCard.save', { ...CARD, times: '周一', version: 2 }), 'NOT_PLACED');
  });

  it('a resident asks without registering; a retry never duplicates; the member is told', async () => {
    await approvedCard();
    const requestId = nextRequestId();
    const asked = await ask(RESIDENT, requestId);
    expect(asked).toMatchObject({ status: 'waiting', memberPhone: null, canCancel: true, canConfirm: false });
    expect(await ask(RESIDENT, requestId)).toEqual(asked);
    expect(await h.deps.store.count(COLLECTIONS.helpRequests, {})).toBe(1);
    // One open request per card and resident.
    refused(
      await h.call(RESIDENT, 'help.ask', {
        cardId: asked.card.cardId,
        requestId: nextRequestId(),
        residentName: '张阿姨',
        residentPhone: RESIDENT_PHONE,
        need: '又一个',
      }),
      'HELP_ALREADY_OPEN',
    );
    // Bad input writes nothing.
    const before = await everything(h);
    refused(
      await h.call(OTHER_RESIDENT, 'help.ask', {
        cardId: asked.card.cardId,
        requestId: nextRequestId(),
        residentName: '李',
        residentPhone: '12345',
        need: '修灯',
      }),
      'BAD_REQUEST',
      'residentPhone',
    );
    refused(
      await h.call(OTHER_RESIDENT, 'help.ask', {
        cardId: 'sk_nosuchcard',
        requestId: nextRequestId(),
        residentName: '李',
        residentPhone: RESIDENT_PHONE,
        need: '修灯',
      }),
      'NOT_FOUND',
      'cardId',
    );
    // The member cannot ask their own card.
    refused(
      await h.call(MEMBER, 'help.ask', {
        cardId: asked.card.cardId,
        requestId: nextRequestId(),
        residentName: '刘',
        residentPhone: RESIDENT_PHONE,
        need: '修灯',
      }),
      'FORBIDDEN',
    );
    expect(await everything(h)).toEqual(before);

    const outbox = (await everything(h)).outbox.filter((entry) => (entry as { kind?: string }).kind === 'help_requested');
    expect(outbox).toEqual([
      expect.objectContaining({ to: { kind: 'user', openid: MEMBER }, page: 'pages/skill-card/skill-card' }),
    ]);

    const incoming = await h.ok(MEMBER, 'help.incoming', {});
    expect(incoming.items).toEqual([
      expect.objectContaining({ residentName: '张阿姨', residentPhone: '138****1111', need: '厨房水龙头漏水', canAnswer: true }),
    ]);
    expect(await h.ok(OTHER_RESIDENT, 'help.mine', {})).toEqual({ items: [], nextCursor: null });

    // A double tap from another resident: two sends of one request at once make one record.
    const twinId = nextRequestId();
    const [one, two] = await Promise.all([ask(OTHER_RESIDENT, twinId), ask(OTHER_RESIDENT, twinId)]);
    expect(two.helpId).toBe(one.helpId);
    expect(await h.deps.store.count(COLLECTIONS.helpRequests, {})).toBe(2);
    expect((await h.ok(OTHER_RESIDENT, 'help.mine', {})).items).toHaveLength(1);
    await h.ok(OTHER_RESIDENT, 'help.cancel', { helpId: one.helpId, version: one.version });
  });

  it('residents read nothing of the member but the card and, per request, the phone the member chose to share', async () => {
    await approvedCard();
    const first = await ask(RESIDENT);
    const second = await ask(OTHER_RESIDENT);
    const everythingAResidentReads = async (openid: string) =>
      JSON.stringify([await community(), await h.ok(openid, 'help.mine', {})]);
    for (const openid of [RESIDENT, OTHER_RESIDENT]) {
      const seen = await everythingAResidentReads(openid);
      expect(seen).not.toContain('刘建军');
      expect(seen).not.toContain(MEMBER_PHONE);
      expect(seen).not.toContain(memberId);
      expect(seen).not.toContain('321282');
    }
    // Accepted without sharing: still no phone.
    await h.ok(MEMBER, 'help.answer', { helpId: first.helpId, version: first.version, decision: 'accept', sharePhone: false });
    expect(await everythingAResidentReads(RESIDENT)).not.toContain(MEMBER_PHONE);
    // Shared for the other request only.
    await h.ok(MEMBER, 'help.answer', { helpId: second.helpId, version: second.version, decision: 'accept', sharePhone: true });
    expect((await h.ok(OTHER_RESIDENT, 'help.mine', {})).items[0].memberPhone).toBe(MEMBER_PHONE);
    expect(await everythingAResidentReads(RESIDENT)).not.toContain(MEMBER_PHONE);
    // Nobody reads another resident's request, or acts on it.
    refused(await h.call(RESIDENT, 'help.cancel', { helpId: second.helpId, version: 2 }), 'NOT_FOUND');
    refused(await h.call(RESIDENT, 'help.confirm', { helpId: second.helpId, version: 2, hours: 2 }), 'NOT_FOUND');
    refused(await h.call(OTHER_MEMBER, 'help.answer', { helpId: first.helpId, version: 2, decision: 'decline' }), 'NOT_FOUND');
    // Once the service is confirmed the shared phone is no longer shown.
    await h.ok(OTHER_RESIDENT, 'help.confirm', { helpId: second.helpId, version: 2, hours: 1.5 });
    expect((await h.ok(OTHER_RESIDENT, 'help.mine', {})).items[0]).toMatchObject({ status: 'confirmed', memberPhone: null });
  });

  it('the member accepts or declines once; the resident and the member acting at once: one wins', async () => {
    await approvedCard();
    const asked = await ask();
    const [accepted, cancelled] = await Promise.all([
      h.call(MEMBER, 'help.answer', { helpId: asked.helpId, version: asked.version, decision: 'accept' }),
      h.call(RESIDENT, 'help.cancel', { helpId: asked.helpId, version: asked.version }),
    ]);
    const results = [accepted, cancelled];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, error: expect.objectContaining({ code: expect.stringMatching(/^(CONFLICT|HELP_NOT_OPEN)$/) }) },
    ]);
    const stored = (await h.ok(RESIDENT, 'help.mine', {})).items[0];
    expect(stored.version).toBe(2);
    expect(['accepted', 'cancelled']).toContain(stored.status);
  });

  it('a declined request is told to the resident with the reason and can no longer be confirmed', async () => {
    await approvedCard();
    const asked = await ask();
    const declined = await h.ok(MEMBER, 'help.answer', {
      helpId: asked.helpId,
      version: asked.version,
      decision: 'decline',
      reason: '这周在外地',
    });
    expect(declined).toMatchObject({ status: 'declined', canAnswer: false, residentPhone: '138****1111' });
    // The same answer retried is the same answer.
    expect(
      await h.ok(MEMBER, 'help.answer', {
        helpId: asked.helpId,
        version: asked.version,
        decision: 'decline',
        reason: '这周在外地',
      }),
    ).toEqual(declined);
    refused(await h.call(MEMBER, 'help.answer', { helpId: asked.helpId, version: 2, decision: 'accept' }), 'HELP_NOT_OPEN');
    const mine = (await h.ok(RESIDENT, 'help.mine', {})).items[0];
    expect(mine).toMatchObject({ status: 'declined', declineReason: '这周在外地', canConfirm: false, canCancel: false });
    refused(await h.call(RESIDENT, 'help.confirm', { helpId: asked.helpId, version: 2, hours: 1 }), 'HELP_NOT_OPEN');
    const told = (await everything(h)).outbox.filter((entry) => (entry as { kind?: string }).kind === 'help_answered');
    expect(told).toEqual([expect.objectContaining({ to: { kind: 'user', openid: RESIDENT } })]);
  });

  it("the resident's confirmation counts as volunteer hours in the member's record and the report home", async () => {
    await approvedCard();
    const asked = await ask();
    const accepted = await h.ok(MEMBER, 'help.answer', {
      helpId: asked.helpId,
      version: 1,
      decision: 'accept',
      sharePhone: true,
    });
    expect(accepted.residentPhone).toBe(RESIDENT_PHONE);
    refused(await h.call(RESIDENT, 'help.confirm', { helpId: asked.helpId, version: 2, hours: 0.25 }), 'BAD_REQUEST', 'hours');
    const confirmed = await h.ok(RESIDENT, 'help.confirm', { helpId: asked.helpId, version: 2, hours: 2.5 });
    expect(confirmed).toMatchObject({ status: 'confirmed', hours: 2.5, canConfirm: false });
    expect(await h.ok(RESIDENT, 'help.confirm', { helpId: asked.helpId, version: 2, hours: 2.5 })).toEqual(confirmed);

    const life = await h.ok(MEMBER, 'life.mine', {});
    expect(life).toMatchObject({ volunteerHoursThisYear: 2.5, serviceHoursThisYear: 2.5 });
    expect((await h.ok(MEMBER, 'skillCard.mine', {})).card).toMatchObject({ servicesConfirmed: 1, hoursConfirmed: 2.5 });

    // The quarter's report home: the hours in all, and the part from services to residents.
    h.clock.set(AFTER_Q4);
    const draft = await openDraft(h, memberId, '2026-Q4');
    const report = await h.ok(tree.people.secretaryA, 'report.get', { reportId: draft.reportId });
    expect(report.draft?.figures).toMatchObject({ volunteerHours: 2.5, serviceHours: 2.5 });
  });

  it('finds the cards near a resident: nearest community first, each card once, the branch beside not its own', async () => {
    const place = (orgId: string, point: { latitude: number; longitude: number }) =>
      h.ok(tree.people.cityAdmin, 'place.setLocation', {
        orgId,
        point,
        address: '平江街道',
        hours: '',
        contact: '',
        version: null,
      });
    // The community's committee near the resident, branch B of the same community a little farther.
    await place(tree.community.orgId, { latitude: 31.3201, longitude: 120.6282 });
    await place(tree.branchB.orgId, { latitude: 31.3231, longitude: 120.6352 });
    await approvedCard();
    const otherCard = await h.ok(OTHER_MEMBER, 'skillCard.save', { ...CARD, displayName: '孙大姐', skills: ['缝补'] });
    await h.ok(tree.people.secretaryB, 'skillCard.review', {
      cardId: otherCard.cardId,
      version: otherCard.version,
      decision: 'approve',
    });
    const near = await h.ok(RESIDENT, 'skillCard.nearby', { point: { latitude: 31.3205, longitude: 120.6285 } });
    expect(near.communities.map((c) => [c.orgName, c.cards.map((card) => card.displayName)])).toEqual([
      ['新桥社区党委', ['刘师傅', '孙大姐']],
    ]);
    expect(near.communities[0].distanceMetres).toBeLessThan(100);
    expect(JSON.stringify(near)).not.toContain(MEMBER_PHONE);
    expect(JSON.stringify(near)).not.toContain('刘建军');
    // Far from every place: nothing near, said as an empty list.
    expect(await h.ok(RESIDENT, 'skillCard.nearby', { point: { latitude: 39.9, longitude: 116.4 } })).toEqual({
      communities: [],
    });
    refused(
      await h.call(RESIDENT, 'skillCard.nearby', { point: { latitude: 95, longitude: 120 } }),
      'BAD_REQUEST',
      'point.latitude',
    );
  });
});
