import { COLLECTIONS } from '../server/store/indexes';
import { createHarness, nextRequestId, placeMember, seedTree } from './support/harness';
import { deskCall, signInDesk } from './support/desk';
import {
  PEOPLE,
  type PermissionRow,
  type PermissionWorld,
  describeNotYoursTable,
  describePermissionTable,
  openidsOf,
} from './support/permission-table';

/**
 * Who may do what with skill cards and residents' requests for help: a member of branch A has
 * an approved card and a resident's request waiting on it. Residents are WeChat users with no
 * member record; every staff member is also someone who may ask for help. A refusal must leave
 * every card, request and outbox entry as it was.
 */

const MEMBER = 'm_skill_self';
const MEMBER_B = 'm_skill_branch_b';
const RESIDENT = 'wx_resident_asked';
const OTHER_RESIDENT = 'wx_resident_other';

const COLUMNS = [...PEOPLE, 'resident', 'otherResident'] as const;
type Column = (typeof COLUMNS)[number];

interface World extends PermissionWorld<Column> {
  cardId: string;
  cardVersion: number;
  helpId: string;
  helpVersion: number;
}

const CARD = {
  displayName: '李师傅',
  skills: ['家电维修'],
  area: '新桥社区',
  times: '周末',
  shop: null,
  consent: true as const,
};

async function world(): Promise<World> {
  const h = await createHarness();
  const tree = await seedTree(h);
  await placeMember(h, tree, MEMBER, tree.branchA.orgId, { name: '李强' });
  await placeMember(h, tree, MEMBER_B, tree.branchB.orgId, { name: '孙丽' });
  const saved = await h.ok(MEMBER, 'skillCard.save', { ...CARD, version: null });
  const card = await h.ok(tree.people.secretaryA, 'skillCard.review', {
    cardId: saved.cardId,
    version: saved.version,
    decision: 'approve',
  });
  const help = await h.ok(RESIDENT, 'help.ask', {
    cardId: card.cardId,
    requestId: nextRequestId(),
    residentName: '张阿姨',
    residentPhone: '13800001111',
    need: '洗衣机不转',
  });
  return {
    h,
    tree,
    cardId: card.cardId,
    cardVersion: card.version,
    helpId: help.helpId,
    helpVersion: help.version,
    openid: openidsOf(tree, { self: MEMBER, memberB: MEMBER_B, resident: RESIDENT, otherResident: OTHER_RESIDENT }),
  };
}

async function state(w: World) {
  const all = async (collection: string) => (await w.h.deps.store.find(collection, { where: {}, limit: 1000 })).items;
  return {
    cards: await all(COLLECTIONS.skillCards),
    help: await all(COLLECTIONS.helpRequests),
    outbox: await all(COLLECTIONS.outbox),
  };
}

type Row = PermissionRow<World, Column>;

const MANAGERS_OF_A: Column[] = ['secretaryA', 'cityAdmin', 'systemAdmin'];
const MEMBERS: Column[] = ['self', 'memberB'];

const ROWS: Row[] = [
  { name: 'skillCard.mine', allowed: MEMBERS, run: (w, openid) => w.h.call(openid, 'skillCard.mine', {}) },
  {
    name: 'skillCard.save (a card of their own)',
    allowed: MEMBERS,
    run: (w, openid) =>
      w.h.call(openid, 'skillCard.save', {
        ...CARD,
        times: '工作日晚上',
        version: openid === MEMBER ? w.cardVersion : null,
      }),
  },
  {
    name: "skillCard.withdraw (branch A member's card)",
    allowed: ['self'],
    run: (w, openid) => w.h.call(openid, 'skillCard.withdraw', { version: w.cardVersion }),
  },
  {
    name: 'skillCard.pending of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) => w.h.call(openid, 'skillCard.pending', { orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'skillCard.review of a card waiting in branch A',
    allowed: MANAGERS_OF_A,
    setup: async (w) => {
      const changed = await w.h.ok(MEMBER, 'skillCard.save', { ...CARD, area: '新桥社区一至三幢', version: w.cardVersion });
      w.cardVersion = changed.version;
    },
    run: (w, openid) =>
      w.h.call(openid, 'skillCard.review', {
        cardId: w.cardId,
        version: w.cardVersion,
        decision: 'reject',
        reason: '请写明具体楼幢',
      }),
  },
  {
    name: "skillCard.shopCode (the member's own approved card with a shop)",
    allowed: ['self'],
    setup: async (w) => {
      const withShop = await w.h.ok(MEMBER, 'skillCard.save', {
        ...CARD,
        shop: { name: '李记家电', address: '' },
        version: w.cardVersion,
      });
      const approved = await w.h.ok(w.tree.people.secretaryA, 'skillCard.review', {
        cardId: w.cardId,
        version: withShop.version,
        decision: 'approve',
      });
      w.cardVersion = approved.version;
    },
    run: (w, openid) => w.h.call(openid, 'skillCard.shopCode', {}),
  },
  {
    name: 'skillCard.code of branch A',
    allowed: MANAGERS_OF_A,
    run: (w, openid) => w.h.call(openid, 'skillCard.code', { orgId: w.tree.branchA.orgId }),
  },
  {
    name: 'skillCard.community (anyone, registered or not)',
    allowed: COLUMNS,
    run: (w, openid) => w.h.call(openid, 'skillCard.community', { place: { orgId: w.tree.community.orgId } }),
  },
  {
    name: 'skillCard.nearby (anyone, registered or not)',
    allowed: COLUMNS,
    run: (w, openid) => w.h.call(openid, 'skillCard.nearby', { point: { latitude: 31.3205, longitude: 120.6285 } }),
  },
  {
    name: "help.ask (not of one's own card, one open request per card)",
    allowed: COLUMNS.filter((column) => column !== 'self' && column !== 'resident'),
    run: (w, openid) =>
      w.h.call(openid, 'help.ask', {
        cardId: w.cardId,
        requestId: nextRequestId(),
        residentName: '王大爷',
        residentPhone: '13800002222',
        need: '换灯泡',
      }),
  },
  { name: 'help.mine', allowed: COLUMNS, run: (w, openid) => w.h.call(openid, 'help.mine', {}) },
  {
    name: "help.cancel of the resident's request",
    allowed: ['resident'],
    run: (w, openid) => w.h.call(openid, 'help.cancel', { helpId: w.helpId, version: w.helpVersion }),
  },
  {
    name: "help.confirm of the resident's accepted request",
    allowed: ['resident'],
    setup: async (w) => {
      const accepted = await w.h.ok(MEMBER, 'help.answer', { helpId: w.helpId, version: w.helpVersion, decision: 'accept' });
      w.helpVersion = accepted.version;
    },
    run: (w, openid) => w.h.call(openid, 'help.confirm', { helpId: w.helpId, version: w.helpVersion, hours: 1 }),
  },
  { name: 'help.incoming', allowed: MEMBERS, run: (w, openid) => w.h.call(openid, 'help.incoming', {}) },
  {
    name: 'help.answer of a request to the member',
    allowed: ['self'],
    run: (w, openid) =>
      w.h.call(openid, 'help.answer', { helpId: w.helpId, version: w.helpVersion, decision: 'accept', sharePhone: true }),
  },
];

describe('skill cards and help: who may do what', () => {
  describePermissionTable<World, Column, Row>({
    rows: ROWS,
    people: COLUMNS,
    world: () => world(),
    state,
    refusals: ['NOT_FOUND', 'NOT_REGISTERED', 'FORBIDDEN', 'HELP_ALREADY_OPEN'],
  });
});

describe('what is not theirs answers as what is not there', () => {
  describeNotYoursTable<World, Column>({
    world: () => world(),
    state,
    // The same shape of id, naming nothing.
    missing: (id) => `${id.slice(0, 3)}zzzzzzzzzzzz`,
    callers: ['otherResident', 'memberB', 'secretaryB', 'homeAdmin'],
    rows: [
      {
        name: "help.cancel of another resident's request",
        id: (w) => w.helpId,
        run: (w, openid, id) => w.h.call(openid, 'help.cancel', { helpId: id, version: w.helpVersion }),
      },
      {
        name: "help.confirm of another resident's request",
        id: (w) => w.helpId,
        run: (w, openid, id) => w.h.call(openid, 'help.confirm', { helpId: id, version: w.helpVersion, hours: 1 }),
      },
      {
        name: 'help.answer of a request to another member',
        id: (w) => w.helpId,
        run: (w, openid, id) => w.h.call(openid, 'help.answer', { helpId: id, version: w.helpVersion, decision: 'decline' }),
      },
      {
        name: "skillCard.review of another branch's card",
        id: (w) => w.cardId,
        run: (w, openid, id) =>
          w.h.call(openid, 'skillCard.review', { cardId: id, version: w.cardVersion, decision: 'reject', reason: '不合适' }),
      },
    ],
  });
});

describe('skill cards and help at the desk', () => {
  it("a desk reviews its branch's cards but neither asks for help nor answers as a member, and writes nothing", async () => {
    const w = await world();
    try {
      const desk = await signInDesk(w.h, w.tree.people.secretaryA);
      const before = await state(w);
      const asked = await deskCall(w.h, desk.sessionId, 'help.ask', {
        cardId: w.cardId,
        requestId: nextRequestId(),
        residentName: '书记',
        residentPhone: '13800003333',
        need: '测试',
      });
      expect(asked).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) });
      expect(await deskCall(w.h, desk.sessionId, 'help.mine', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await deskCall(w.h, desk.sessionId, 'help.incoming', {})).toMatchObject({
        ok: false,
        error: { code: 'NOT_REGISTERED' },
      });
      expect(await state(w)).toEqual(before);
      const pending = await deskCall(w.h, desk.sessionId, 'skillCard.pending', { orgId: w.tree.branchA.orgId });
      expect(pending).toEqual({ ok: true, data: { items: [], nextCursor: null } });
    } finally {
      await w.h.close();
    }
  });

  it('two secretaries deciding one card at once: one wins, the other is told', async () => {
    const w = await world();
    try {
      const changed = await w.h.ok(MEMBER, 'skillCard.save', { ...CARD, area: '新桥社区全域', version: w.cardVersion });
      const results = await Promise.all([
        w.h.call(w.tree.people.secretaryA, 'skillCard.review', {
          cardId: w.cardId,
          version: changed.version,
          decision: 'approve',
        }),
        w.h.call(w.tree.people.cityAdmin, 'skillCard.review', {
          cardId: w.cardId,
          version: changed.version,
          decision: 'reject',
          reason: '范围太大',
        }),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok)).toEqual([
        { ok: false, error: expect.objectContaining({ code: expect.stringMatching(/^(CONFLICT|SKILL_CARD_NOT_PENDING)$/) }) },
      ]);
    } finally {
      await w.h.close();
    }
  });
});
