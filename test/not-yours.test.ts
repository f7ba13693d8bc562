import { cardScene } from '../server/services/cards';
import { nextRequestId } from './support/harness';
import {
  BRANCH_A,
  type NotYoursCaller,
  type NotYoursWorld,
  OUTFLOW_SIDE,
  STRANGERS,
  missingLike,
  notYoursWorld,
  wholeStore,
} from './support/not-yours-world';
import { type NotYoursRow, describeNotYoursTable } from './support/permission-table';

/**
 * Every action that takes the id of something, called by people who may not see that thing: a
 * member of another place, secretaries of other branches, an admin of an unrelated county (and,
 * for drafts, the outflow side, which sees reports only once they are sent). Each answer must be
 * the answer for an id that names nothing, so no id can be probed.
 *
 * Not in the table, because whoever has the id may see the thing: `org.get`, `org.list`
 * (organizations are public, to be picked), `checkin.submit` and `checkin.resolveCode` (anyone may
 * check in to any organization), `activity.resolveCode` and `activity.signIn` (the code on the wall is
 * the activity's address; signing in to another branch's activity answers NOT_PLACED about the
 * caller only), `place.nearby` and `place.resolvePoster` (places are on posters and doors). The caller's own things (`checkin.withdraw` of someone else's request is here).
 */

type Row = NotYoursRow<NotYoursWorld, NotYoursCaller>;

const byOrg = (name: string, org: (w: NotYoursWorld) => string, run: Row['run']): Row => ({ name, id: org, run });

const ROWS: Row[] = [
  // ---- members and check-ins
  {
    name: 'member.get',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'member.get', { memberId }),
  },
  {
    name: 'member.revealSensitive',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'member.revealSensitive', { memberId, field: 'phone' }),
  },
  {
    name: 'lostContact.get',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'lostContact.get', { memberId }),
  },
  {
    name: 'lostContact.mark',
    id: (w) => w.memberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'lostContact.mark', { memberId, version: 1, lastContactOn: '2026-10-01', reason: 'abroad' }),
  },
  {
    name: 'lostContact.found',
    id: (w) => w.memberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'lostContact.found', { memberId, version: 1, foundOn: '2026-11-01', how: '来电' }),
  },
  {
    name: 'transfer.ofMember',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'transfer.ofMember', { memberId }),
  },
  {
    name: 'transfer.propose',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'transfer.propose', { memberId, reason: '居住工作稳定' }),
  },
  {
    name: 'placement.leave',
    id: (w) => w.memberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'placement.leave', {
        memberId,
        branchId: w.tree.branchA.orgId,
        endedOn: '2026-11-25',
        reason: 'moved_city',
      }),
  },
  {
    name: 'placement.return',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'placement.return', { memberId, returnedOn: '2026-11-25' }),
  },
  {
    name: 'placement.history',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'placement.history', { memberId }),
  },
  byOrg(
    'org.create under the community',
    (w) => w.tree.community.orgId,
    (w, openid, parentId) =>
      w.h.call(openid, 'org.create', {
        parentId,
        name: '新桥社区第九党支部',
        kind: 'branch',
        branchKind: 'community',
        region: w.tree.branchA.region,
      }),
  ),
  byOrg(
    'org.move of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'org.move', { orgId, newParentId: w.tree.chamber.orgId, requestId: nextRequestId() }),
  ),
  byOrg(
    'figures.get of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'figures.get', { orgId }),
  ),
  byOrg(
    'figures.members of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'figures.members', { orgId, figure: 'placed' }),
  ),
  byOrg(
    'export.start of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'export.start', { orgId, purpose: 'national_system', requestId: nextRequestId() }),
  ),
  {
    name: 'desk.endSession of the city admin’s desk',
    id: (w) => w.deskSessionId,
    run: (w, openid, sessionId) => w.h.call(openid, 'desk.endSession', { sessionId }),
  },
  {
    name: 'job.get of the city admin’s move',
    id: (w) => w.jobId,
    run: (w, openid, jobId) => w.h.call(openid, 'job.get', { jobId }),
  },
  byOrg(
    'role.grant in branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) =>
      w.h.call(openid, 'role.grant', { openid: 'someone_new', role: 'secretary', orgId, holderName: '张三丰' }),
  ),
  byOrg(
    'role.revoke in branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'role.revoke', { openid: w.tree.people.secretaryA, role: 'secretary', orgId }),
  ),
  byOrg(
    'org.children of the community',
    (w) => w.tree.community.orgId,
    (w, openid, orgId) => w.h.call(openid, 'org.children', { orgId }),
  ),
  byOrg(
    'org.search below the community',
    (w) => w.tree.community.orgId,
    (w, openid, orgId) => w.h.call(openid, 'org.search', { orgId, query: '支部' }),
  ),
  byOrg(
    'org.update of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'org.update', { orgId, version: 1, changes: { name: '改个名字' } }),
  ),
  byOrg(
    'org.dissolve of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) =>
      w.h.call(openid, 'org.dissolve', {
        orgId,
        version: 1,
        successorId: w.tree.branchB.orgId,
        reason: '合并',
        requestId: nextRequestId(),
      }),
  ),
  byOrg(
    'post.list of the community',
    (w) => w.tree.community.orgId,
    (w, openid, orgId) => w.h.call(openid, 'post.list', { orgId }),
  ),
  byOrg(
    'post.candidates of the community',
    (w) => w.tree.community.orgId,
    (w, openid, orgId) => w.h.call(openid, 'post.candidates', { orgId, query: '王' }),
  ),
  {
    name: 'role.grant of a member out of sight',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'role.grant', { memberId, role: 'org_admin', orgId: w.tree.otherHome.orgId }),
  },
  {
    name: "checkin.withdraw of someone else's request",
    id: (w) => w.checkinId,
    run: (w, openid, checkinId) => w.h.call(openid, 'checkin.withdraw', { checkinId }),
  },
  byOrg(
    'checkin.pending of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'checkin.pending', { orgId }),
  ),
  byOrg(
    'checkin.pending of the community',
    (w) => w.tree.community.orgId,
    (w, openid, orgId) => w.h.call(openid, 'checkin.pending', { orgId }),
  ),
  {
    name: 'checkin.decide',
    id: (w) => w.checkinId,
    run: (w, openid, checkinId) => w.h.call(openid, 'checkin.decide', { checkinId, version: 1, decision: 'approve' }),
  },
  byOrg(
    'branch.members of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, branchId) => w.h.call(openid, 'branch.members', { branchId }),
  ),
  {
    name: 'checkin.choices',
    id: (w) => w.checkinId,
    run: (w, openid, checkinId) => w.h.call(openid, 'checkin.choices', { checkinId }),
  },
  {
    name: 'checkin.forward',
    id: (w) => w.checkinId,
    run: (w, openid, checkinId) => w.h.call(openid, 'checkin.forward', { checkinId, version: 1, toOrgId: w.tree.branchB.orgId }),
  },
  byOrg(
    'org.checkinCode of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'org.checkinCode', { orgId }),
  ),
  byOrg(
    'org.checkinCode of the community committee',
    (w) => w.tree.community.orgId,
    (w, openid, orgId) => w.h.call(openid, 'org.checkinCode', { orgId }),
  ),
  byOrg(
    'outflow.members of the village',
    (w) => w.tree.village.orgId,
    (w, openid, orgId) => w.h.call(openid, 'outflow.members', { orgId }),
  ),
  byOrg(
    'outflow.notices of the hometown committee',
    (w) => w.tree.home.orgId,
    (w, openid, orgId) => w.h.call(openid, 'outflow.notices', { orgId }),
  ),

  // ---- organizational life
  byOrg(
    'activity.create in branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, branchId) =>
      w.h.call(openid, 'activity.create', {
        branchId,
        requestId: nextRequestId(),
        kind: 'party_lecture',
        topic: '党课',
        place: '活动室',
        date: '2026-12-10',
        startTime: '19:00',
        durationMinutes: 60,
      }),
  ),
  {
    name: 'activity.cancel',
    id: (w) => w.activityId,
    run: (w, openid, activityId) => w.h.call(openid, 'activity.cancel', { activityId, version: 1, reason: '下雨' }),
  },
  byOrg(
    'activity.list of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, branchId) => w.h.call(openid, 'activity.list', { branchId, when: 'upcoming' }),
  ),
  {
    name: 'activity.code',
    id: (w) => w.activityId,
    run: (w, openid, activityId) => w.h.call(openid, 'activity.code', { activityId }),
  },
  {
    name: 'activity.attendance',
    id: (w) => w.activityId,
    run: (w, openid, activityId) => w.h.call(openid, 'activity.attendance', { activityId }),
  },
  {
    name: 'activity.mark (the activity)',
    id: (w) => w.activityId,
    run: (w, openid, activityId) =>
      w.h.call(openid, 'activity.mark', { activityId, memberId: w.memberId, status: 'present', expectedVersion: null }),
  },
  {
    name: 'activity.mark (the member)',
    id: (w) => w.memberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'activity.mark', { activityId: w.activityId, memberId, status: 'present', expectedVersion: null }),
  },

  // ---- study
  byOrg(
    'study.plan of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, branchId) => w.h.call(openid, 'study.plan', { branchId, year: 2026 }),
  ),
  byOrg(
    'study.savePlan of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, branchId) =>
      w.h.call(openid, 'study.savePlan', {
        branchId,
        year: 2027,
        targetHours: 32,
        items: [{ title: '学习党史', hours: 4, dueMonth: 3 }],
        version: null,
      }),
  ),
  byOrg(
    'study.branch of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, branchId) => w.h.call(openid, 'study.branch', { branchId, year: 2026 }),
  ),
  {
    name: 'study.classify',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'study.classify', { memberId, studyMode: 'paired' }),
  },
  {
    name: 'study.pair (the member)',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'study.pair', { memberId, partnerId: w.partnerId }),
  },
  {
    name: 'study.pair (the partner)',
    id: (w) => w.partnerId,
    run: (w, openid, partnerId) => w.h.call(openid, 'study.pair', { memberId: w.memberId, partnerId }),
  },
  {
    name: 'study.unpair',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'study.unpair', { memberId }),
  },
  {
    name: 'study.record for a member',
    id: (w) => w.memberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'study.record', { year: 2026, itemId: 'i1', studiedOn: '2026-11-20', memberId }),
  },
  {
    name: 'appraisal.record',
    id: (w) => w.memberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'appraisal.record', { memberId, year: 2026, result: 'excellent', version: null }),
  },

  // ---- the same, about a member not placed anywhere yet (the answer must not name them)
  {
    name: 'study.classify of an unplaced member',
    id: (w) => w.pendingMemberId,
    run: (w, openid, memberId) => w.h.call(openid, 'study.classify', { memberId, studyMode: 'paired' }),
  },
  {
    name: 'study.pair of an unplaced member',
    id: (w) => w.pendingMemberId,
    run: (w, openid, memberId) => w.h.call(openid, 'study.pair', { memberId, partnerId: w.partnerId }),
  },
  {
    name: 'study.pair with an unplaced partner',
    id: (w) => w.pendingMemberId,
    run: (w, openid, partnerId) => w.h.call(openid, 'study.pair', { memberId: w.memberId, partnerId }),
  },
  {
    name: 'study.unpair of an unplaced member',
    id: (w) => w.pendingMemberId,
    run: (w, openid, memberId) => w.h.call(openid, 'study.unpair', { memberId }),
  },
  {
    name: 'study.record for an unplaced member',
    id: (w) => w.pendingMemberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'study.record', { year: 2026, itemId: 'i1', studiedOn: '2026-11-20', memberId }),
  },
  {
    name: 'appraisal.record of an unplaced member',
    id: (w) => w.pendingMemberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'appraisal.record', { memberId, year: 2026, result: 'excellent', version: null }),
  },
  {
    name: 'activity.mark of an unplaced member',
    id: (w) => w.pendingMemberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'activity.mark', { activityId: w.activityId, memberId, status: 'present', expectedVersion: null }),
  },
  {
    name: 'report.history of an unplaced member',
    id: (w) => w.pendingMemberId,
    run: (w, openid, memberId) => w.h.call(openid, 'report.history', { memberId }),
  },

  // ---- a member of another place, asked about by branch A's secretary
  {
    name: 'activity.mark of a member of another place',
    id: (w) => w.strangerMemberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'activity.mark', { activityId: w.activityId, memberId, status: 'present', expectedVersion: null }),
    alsoNotVisibleTo: BRANCH_A,
  },
  {
    name: 'study.pair with a partner of another place',
    id: (w) => w.strangerMemberId,
    run: (w, openid, partnerId) => w.h.call(openid, 'study.pair', { memberId: w.memberId, partnerId }),
    alsoNotVisibleTo: BRANCH_A,
  },

  // ---- reports
  byOrg(
    'report.toWrite of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, branchId) => w.h.call(openid, 'report.toWrite', { branchId }),
  ),
  {
    name: 'report.get of a submitted report',
    id: (w) => w.submittedId,
    run: (w, openid, reportId) => w.h.call(openid, 'report.get', { reportId }),
  },
  {
    name: 'report.get of a draft',
    id: (w) => w.draftId,
    run: (w, openid, reportId) => w.h.call(openid, 'report.get', { reportId }),
    alsoNotVisibleTo: OUTFLOW_SIDE,
  },
  {
    name: 'report.saveDraft',
    id: (w) => w.draftId,
    run: (w, openid, reportId) => w.h.call(openid, 'report.saveDraft', { reportId, version: 1, assessment: { conduct: '好' } }),
    alsoNotVisibleTo: OUTFLOW_SIDE,
  },
  {
    name: 'report.submit',
    id: (w) => w.draftId,
    run: (w, openid, reportId) => w.h.call(openid, 'report.submit', { reportId, version: 1, assessment: { conduct: '好' } }),
    alsoNotVisibleTo: OUTFLOW_SIDE,
  },
  {
    name: 'report.correct',
    id: (w) => w.submittedId,
    run: (w, openid, reportId) => w.h.call(openid, 'report.correct', { reportId, version: 2, reason: '填错了' }),
  },
  byOrg(
    'report.inbox of the village',
    (w) => w.tree.village.orgId,
    (w, openid, orgId) => w.h.call(openid, 'report.inbox', { orgId }),
  ),
  {
    name: 'report.acknowledge of a submitted report',
    id: (w) => w.submittedId,
    run: (w, openid, reportId) => w.h.call(openid, 'report.acknowledge', { reportId, version: 2 }),
  },
  {
    name: 'report.acknowledge of a draft',
    id: (w) => w.draftId,
    run: (w, openid, reportId) => w.h.call(openid, 'report.acknowledge', { reportId, version: 1 }),
    alsoNotVisibleTo: OUTFLOW_SIDE,
  },
  {
    name: 'report.thread of a draft',
    id: (w) => w.draftId,
    run: (w, openid, reportId) => w.h.call(openid, 'report.thread', { reportId }),
    alsoNotVisibleTo: OUTFLOW_SIDE,
  },
  {
    name: 'report.reply to a submitted report',
    id: (w) => w.submittedId,
    run: (w, openid, reportId) => w.h.call(openid, 'report.reply', { reportId, requestId: nextRequestId(), body: '收到' }),
  },
  {
    name: 'report.reply to a draft',
    id: (w) => w.draftId,
    run: (w, openid, reportId) => w.h.call(openid, 'report.reply', { reportId, requestId: nextRequestId(), body: '收到' }),
    alsoNotVisibleTo: OUTFLOW_SIDE,
  },
  {
    name: 'report.history',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'report.history', { memberId }),
  },

  // ---- settings, messages, record moves
  byOrg(
    'settings.get of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'settings.get', { orgId }),
  ),
  byOrg(
    'settings.update of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'settings.update', { orgId, changes: { signInEarlyMinutes: 60 }, version: null }),
  ),
  byOrg(
    'message.list of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'message.list', { orgId }),
  ),
  byOrg(
    'account.moveRequests of the community',
    (w) => w.tree.community.orgId,
    (w, openid, orgId) => w.h.call(openid, 'account.moveRequests', { orgId }),
  ),
  {
    name: 'account.decideMove',
    id: (w) => w.moveId,
    run: (w, openid, moveId) =>
      w.h.call(openid, 'account.decideMove', { moveId, version: 1, decision: 'reject', reason: '无法核实' }),
  },
  // ---- the contact person, the talks and the activity card
  {
    name: 'contact.candidates for a member of branch A',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'contact.candidates', { memberId }),
  },
  {
    name: 'contact.set for a member of branch A',
    id: (w) => w.memberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'contact.set', { memberId, choice: { kind: 'member', memberId: w.partnerId }, version: null }),
  },
  {
    name: 'talk.list of a member of branch A',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'talk.list', { memberId }),
  },
  {
    name: 'talk.record with a member of branch A',
    id: (w) => w.memberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'talk.record', {
        memberId,
        requestId: nextRequestId(),
        cause: 'other',
        heldOn: '2026-11-25',
        topic: '谈心',
      }),
  },
  byOrg(
    'talk.due of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, branchId) => w.h.call(openid, 'talk.due', { branchId }),
  ),
  {
    name: 'card.get of a member of branch A',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'card.get', { memberId }),
  },
  {
    name: "card.scan of a member of branch A's code",
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'card.scan', { scene: cardScene(memberId) }),
  },
  {
    name: 'card.review of a member of branch A',
    id: (w) => w.memberId,
    run: (w, openid, memberId) => w.h.call(openid, 'card.review', { memberId, year: 2026, result: 'passed', version: null }),
  },
  // ---- places on the map (place.nearby and place.resolvePoster are for anyone)
  byOrg(
    'place.ofOrg of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'place.ofOrg', { orgId }),
  ),
  byOrg(
    'place.setLocation of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) =>
      w.h.call(openid, 'place.setLocation', {
        orgId,
        point: { latitude: 31.318652, longitude: 120.629987 },
        address: '新桥路 18 号',
        hours: '',
        contact: '',
        version: null,
      }),
  ),
  byOrg(
    'place.saveCentre run by the community',
    (w) => w.tree.community.orgId,
    (w, openid, orgId) =>
      w.h.call(openid, 'place.saveCentre', {
        orgId,
        centreId: null,
        requestId: nextRequestId(),
        centreKind: 'red_station',
        name: '苏州站红色驿站',
        address: '苏站路 1 号',
        point: { latitude: 31.330284, longitude: 120.610591 },
        hours: '',
        contact: '',
        version: null,
      }),
  ),
  byOrg(
    'place.posterCode of the community',
    (w) => w.tree.community.orgId,
    (w, openid, orgId) => w.h.call(openid, 'place.posterCode', { orgId, label: '苏州站北广场' }),
  ),
  // ---- services for members: the outflow side hears of them in the report, never sees the request
  {
    name: 'service.ask on behalf of a member of branch A',
    id: (w) => w.memberId,
    run: (w, openid, memberId) =>
      w.h.call(openid, 'service.ask', { memberId, kind: 'work', title: '找工作', detail: '白班', requestId: nextRequestId() }),
  },
  ...(
    [
      ['service.get', (serviceId: string) => ({ serviceId })],
      ['service.take', (serviceId: string) => ({ serviceId, version: 1 })],
      ['service.answer', (serviceId: string) => ({ serviceId, version: 1, text: '已联系' })],
      ['service.handOn', (serviceId: string) => ({ serviceId, version: 1, helper: { unit: '街道人社所' } })],
      ['service.close', (serviceId: string) => ({ serviceId, version: 1, outcome: '办好了' })],
    ] as const
  ).map(([action, input]): Row => ({
    name: `${action} of a request to branch A`,
    id: (w) => w.serviceId,
    run: (w, openid, serviceId) => w.h.call(openid, action, input(serviceId) as never),
    alsoNotVisibleTo: OUTFLOW_SIDE,
  })),
  byOrg(
    'service.list of branch A',
    (w) => w.tree.branchA.orgId,
    (w, openid, orgId) => w.h.call(openid, 'service.list', { orgId }),
  ),
];

describeNotYoursTable({ rows: ROWS, callers: STRANGERS, world: notYoursWorld, missing: missingLike, state: wholeStore });
