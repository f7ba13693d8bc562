import { deskCall, signInDesk } from './support/desk';
import { nextRequestId } from './support/harness';
import { type HomecomingWorld, homecomingState, homecomingWorld, roundTableScene } from './support/homecoming-world';
import { missingLike } from './support/not-yours-world';
import { type NotYoursRow, describeNotYoursTable } from './support/permission-table';

/**
 * 返乡 is the outflow side's own business: the county's think-tank, its round-table, the
 * suggestion made there and the candidacy. The inflow side (branch A where the member is placed,
 * the city above it), other branches, another county and a member of another place ask about
 * each by its real id and must get exactly the answer for an id that names nothing, each with
 * the organization of their own where an action takes one. The village's secretary is below the
 * county: they do not see the county's records either.
 */

const CALLERS = ['stranger', 'memberB', 'secretaryA', 'cityAdmin', 'secretaryB', 'hometownSecretary', 'otherHomeAdmin'] as const;
type Caller = (typeof CALLERS)[number] | 'villageSecretary';
type Row = NotYoursRow<HomecomingWorld, Caller>;

/** The organization each caller works for, or the county for those who hold no post. */
function ownOrg(w: HomecomingWorld, openid: string): string {
  const t = w.tree;
  const byOpenid: Record<string, string> = {
    [t.people.secretaryA]: t.branchA.orgId,
    [t.people.secretaryB]: t.branchB.orgId,
    [t.people.cityAdmin]: t.city.orgId,
    [t.people.hometownSecretary]: t.hometownBranch.orgId,
    [t.people.otherHomeAdmin]: t.otherHome.orgId,
    [t.people.villageSecretary]: t.village.orgId,
  };
  return byOpenid[openid] ?? t.home.orgId;
}

const COUNTY_ONLY = ['villageSecretary'] as const;

const ROWS: Row[] = [
  {
    name: 'thinkTank.invite of the member, into the caller’s own think-tank',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'thinkTank.invite', { orgId: ownOrg(w, openid), memberId, version: null }),
  },
  {
    name: 'thinkTank.list of the county',
    id: (w) => w.tree.home.orgId,
    run: (w, openid, orgId) => w.h.call(openid, 'thinkTank.list', { orgId }),
    alsoNotVisibleTo: COUNTY_ONLY,
  },
  {
    name: 'thinkTank.respond to the member’s invitation',
    id: (w) => w.villageInvitationId,
    run: (w, openid, invitationId) =>
      w.h.call(openid, 'thinkTank.respond', { invitationId, answer: 'accept', version: w.villageInvitationVersion }),
  },
  {
    name: 'roundTable.create for the county',
    id: (w) => w.tree.home.orgId,
    run: (w, openid, orgId) =>
      w.h.call(openid, 'roundTable.create', {
        orgId,
        requestId: nextRequestId(),
        topic: '献计',
        place: '线上',
        date: '2026-12-05',
        startTime: '19:00',
        durationMinutes: 60,
      }),
    alsoNotVisibleTo: COUNTY_ONLY,
  },
  {
    name: 'roundTable.list of the county',
    id: (w) => w.tree.home.orgId,
    run: (w, openid, orgId) => w.h.call(openid, 'roundTable.list', { orgId, when: 'past' }),
    alsoNotVisibleTo: COUNTY_ONLY,
  },
  {
    name: 'roundTable.get',
    id: (w) => w.roundTableId,
    run: (w, openid, roundTableId) => w.h.call(openid, 'roundTable.get', { roundTableId }),
    alsoNotVisibleTo: COUNTY_ONLY,
  },
  {
    name: 'roundTable.code',
    id: (w) => w.roundTableId,
    run: (w, openid, roundTableId) => w.h.call(openid, 'roundTable.code', { roundTableId }),
    alsoNotVisibleTo: COUNTY_ONLY,
  },
  {
    name: 'roundTable.signIn by the code in the room',
    id: (w) => w.roundTableId,
    run: (w, openid, roundTableId) =>
      w.h.call(openid, 'roundTable.signIn', { how: 'scan', scene: roundTableScene(roundTableId) }),
  },
  {
    name: 'roundTable.signIn from afar with the real join code',
    id: (w) => w.roundTableId,
    run: (w, openid, roundTableId) =>
      w.h.call(openid, 'roundTable.signIn', { how: 'join_code', roundTableId, joinCode: w.joinCode }),
  },
  {
    name: 'roundTable.mark',
    id: (w) => w.roundTableId,
    run: (w, openid, roundTableId) =>
      w.h.call(openid, 'roundTable.mark', {
        roundTableId,
        memberId: w.memberId,
        status: 'absent',
        expectedVersion: null,
      }),
    alsoNotVisibleTo: COUNTY_ONLY,
  },
  {
    name: 'roundTable.saveMinutes',
    id: (w) => w.roundTableId,
    run: (w, openid, roundTableId) =>
      w.h.call(openid, 'roundTable.saveMinutes', { roundTableId, minutes: '纪要', version: w.roundTableVersion }),
    alsoNotVisibleTo: COUNTY_ONLY,
  },
  {
    name: 'suggestion.add',
    id: (w) => w.roundTableId,
    run: (w, openid, roundTableId) =>
      w.h.call(openid, 'suggestion.add', { roundTableId, memberId: w.memberId, requestId: nextRequestId(), content: '修路' }),
    alsoNotVisibleTo: COUNTY_ONLY,
  },
  {
    name: 'suggestion.follow',
    id: (w) => w.suggestionId,
    run: (w, openid, suggestionId) =>
      w.h.call(openid, 'suggestion.follow', { suggestionId, status: 'adopted', version: w.suggestionVersion }),
    alsoNotVisibleTo: COUNTY_ONLY,
  },
  {
    name: 'candidate.propose of the member, for the caller’s own organization',
    id: (w) => w.memberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'candidate.propose', {
        orgId: ownOrg(w, openid),
        memberId,
        post: 'reserve_cadre',
        postOrgId: ownOrg(w, openid),
        version: null,
      }),
  },
  {
    name: 'candidate.step',
    id: (w) => w.candidateId,
    run: (w, openid, candidateId) =>
      w.h.call(openid, 'candidate.step', { candidateId, step: 'appointed', on: '2026-11-25', version: w.candidateVersion }),
    alsoNotVisibleTo: COUNTY_ONLY,
  },
  {
    name: 'candidate.list of the county',
    id: (w) => w.tree.home.orgId,
    run: (w, openid, orgId) => w.h.call(openid, 'candidate.list', { orgId }),
    alsoNotVisibleTo: COUNTY_ONLY,
  },
];

describeNotYoursTable<HomecomingWorld, Caller>({
  rows: ROWS,
  callers: CALLERS,
  world: homecomingWorld,
  missing: missingLike,
  state: homecomingState,
});

describe('at the desk', () => {
  it('the county’s admin works the candidacy from a desk; the inflow side’s desk gets what a missing id gets', async () => {
    const w = await homecomingWorld();
    try {
      const county = await signInDesk(w.h, w.tree.people.homeAdmin);
      const city = await signInDesk(w.h, w.tree.people.cityAdmin);
      const listed = await deskCall(w.h, county.sessionId, 'candidate.list', { orgId: w.tree.home.orgId });
      expect(listed).toMatchObject({ ok: true, data: { items: [{ candidateId: w.candidateId }] } });
      const before = await homecomingState(w);
      const real = await deskCall(w.h, city.sessionId, 'candidate.step', {
        candidateId: w.candidateId,
        step: 'talked',
        on: '2026-11-25',
        version: w.candidateVersion,
      });
      const missing = await deskCall(w.h, city.sessionId, 'candidate.step', {
        candidateId: missingLike(w.candidateId),
        step: 'talked',
        on: '2026-11-25',
        version: w.candidateVersion,
      });
      expect(real).toEqual(missing);
      expect(await homecomingState(w)).toEqual(before);
      const stepped = await deskCall(w.h, county.sessionId, 'candidate.step', {
        candidateId: w.candidateId,
        step: 'talked',
        on: '2026-11-25',
        version: w.candidateVersion,
      });
      expect(stepped).toMatchObject({ ok: true, data: { status: 'talked' } });
    } finally {
      await w.h.close();
    }
  });
});
