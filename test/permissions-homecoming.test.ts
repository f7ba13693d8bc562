import { nextRequestId } from './support/harness';
import { type HomecomingWorld, homecomingState, homecomingWorld, roundTableScene } from './support/homecoming-world';
import { PEOPLE, type Person, type PermissionRow, describePermissionTable } from './support/permission-table';

/**
 * Who may do what in 返乡: every row is an action on the county's think-tank, round-table,
 * suggestion or candidacy about the member `self` (or the village's invitation to them), every
 * column a person in the tree. Only the outflow side above the record acts on it; the inflow
 * side (branch A, the city) and everyone beside it are refused and change nothing.
 */

type Row = PermissionRow<HomecomingWorld & { openid(person: Person): string }>;

const COUNTY: Person[] = ['homeAdmin', 'systemAdmin'];
const VILLAGE: Person[] = ['villageSecretary', 'homeAdmin', 'systemAdmin'];

const ROWS: Row[] = [
  {
    name: "thinkTank.invite to the county's think-tank",
    allowed: COUNTY,
    run: (w, openid) => w.h.call(openid, 'thinkTank.invite', { orgId: w.tree.home.orgId, memberId: w.memberBId, version: null }),
  },
  {
    name: "thinkTank.invite to the village's think-tank",
    allowed: VILLAGE,
    run: (w, openid) =>
      w.h.call(openid, 'thinkTank.invite', { orgId: w.tree.village.orgId, memberId: w.memberBId, version: null }),
  },
  {
    name: "thinkTank.list of the county's think-tank",
    allowed: COUNTY,
    run: (w, openid) => w.h.call(openid, 'thinkTank.list', { orgId: w.tree.home.orgId }),
  },
  {
    name: "thinkTank.respond to the village's invitation",
    allowed: ['self'],
    run: (w, openid) =>
      w.h.call(openid, 'thinkTank.respond', {
        invitationId: w.villageInvitationId,
        answer: 'accept',
        version: w.villageInvitationVersion,
      }),
  },
  {
    name: 'homecoming.mine',
    allowed: ['self', 'memberB'],
    run: (w, openid) => w.h.call(openid, 'homecoming.mine', {}),
  },
  {
    name: 'roundTable.create for the county',
    allowed: COUNTY,
    run: (w, openid) =>
      w.h.call(openid, 'roundTable.create', {
        orgId: w.tree.home.orgId,
        requestId: nextRequestId(),
        topic: '献计',
        place: '线上',
        date: '2026-12-05',
        startTime: '19:00',
        durationMinutes: 60,
      }),
  },
  {
    name: "roundTable.list of the county's",
    allowed: COUNTY,
    run: (w, openid) => w.h.call(openid, 'roundTable.list', { orgId: w.tree.home.orgId, when: 'upcoming' }),
  },
  {
    name: 'roundTable.get',
    allowed: ['self', ...COUNTY],
    run: (w, openid) => w.h.call(openid, 'roundTable.get', { roundTableId: w.roundTableId }),
  },
  {
    name: 'roundTable.code',
    allowed: COUNTY,
    run: (w, openid) => w.h.call(openid, 'roundTable.code', { roundTableId: w.roundTableId }),
  },
  {
    name: 'roundTable.signIn by the code in the room',
    allowed: ['self'],
    run: (w, openid) => w.h.call(openid, 'roundTable.signIn', { how: 'scan', scene: roundTableScene(w.roundTableId) }),
  },
  {
    name: 'roundTable.signIn from afar by the join code',
    allowed: ['self'],
    run: (w, openid) =>
      w.h.call(openid, 'roundTable.signIn', { how: 'join_code', roundTableId: w.roundTableId, joinCode: w.joinCode }),
  },
  {
    name: 'roundTable.mark',
    allowed: COUNTY,
    run: (w, openid) =>
      w.h.call(openid, 'roundTable.mark', {
        roundTableId: w.roundTableId,
        memberId: w.memberId,
        status: 'present',
        mode: 'remote',
        expectedVersion: null,
      }),
  },
  {
    name: 'roundTable.saveMinutes',
    allowed: COUNTY,
    run: (w, openid) =>
      w.h.call(openid, 'roundTable.saveMinutes', { roundTableId: w.roundTableId, minutes: '纪要', version: w.roundTableVersion }),
  },
  {
    name: 'suggestion.add',
    allowed: COUNTY,
    run: (w, openid) =>
      w.h.call(openid, 'suggestion.add', {
        roundTableId: w.roundTableId,
        memberId: w.memberId,
        requestId: nextRequestId(),
        content: '修一条路',
      }),
  },
  {
    name: 'suggestion.follow',
    allowed: COUNTY,
    run: (w, openid) =>
      w.h.call(openid, 'suggestion.follow', { suggestionId: w.suggestionId, status: 'adopted', version: w.suggestionVersion }),
  },
  {
    name: 'candidate.propose for the county',
    allowed: COUNTY,
    run: (w, openid) =>
      w.h.call(openid, 'candidate.propose', {
        orgId: w.tree.home.orgId,
        memberId: w.memberBId,
        post: 'reserve_cadre',
        postOrgId: w.tree.village.orgId,
        version: null,
      }),
  },
  {
    name: 'candidate.propose for the village',
    allowed: VILLAGE,
    run: (w, openid) =>
      w.h.call(openid, 'candidate.propose', {
        orgId: w.tree.village.orgId,
        memberId: w.memberBId,
        post: 'reserve_cadre',
        postOrgId: w.tree.village.orgId,
        version: null,
      }),
  },
  {
    name: 'candidate.step appointed (ends the mobile status)',
    allowed: COUNTY,
    run: (w, openid) =>
      w.h.call(openid, 'candidate.step', {
        candidateId: w.candidateId,
        step: 'appointed',
        on: '2026-11-25',
        version: w.candidateVersion,
      }),
  },
  {
    name: "candidate.list of the county's",
    allowed: COUNTY,
    run: (w, openid) => w.h.call(openid, 'candidate.list', { orgId: w.tree.home.orgId }),
  },
];

describePermissionTable({
  rows: ROWS,
  people: PEOPLE,
  world: homecomingWorld,
  state: homecomingState,
  refusals: ['FORBIDDEN', 'NOT_FOUND', 'NOT_REGISTERED'],
});
