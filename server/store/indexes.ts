import type { IndexDeclaration } from './document-store';

/** Collection names, in one place. */
export const COLLECTIONS = {
  organizations: 'organizations',
  members: 'members',
  checkins: 'checkins',
  roles: 'roles',
  uniqueKeys: 'unique_keys',
  consents: 'consents',
  auditLog: 'audit_log',
  notices: 'notices',
  activities: 'activities',
  attendance: 'attendance',
  studyPlans: 'study_plans',
  studyEntries: 'study_entries',
  appraisals: 'appraisals',
  reports: 'reports',
  replies: 'report_replies',
  inboxEntries: 'inbox_entries',
  orgSettings: 'org_settings',
  messages: 'messages',
  lifeFlags: 'life_flags',
  jobRuns: 'job_runs',
  files: 'files',
  jobRequests: 'job_requests',
  idLookups: 'id_lookups',
  accountMoves: 'account_moves',
  accountLinks: 'account_links',
  lostContacts: 'lost_contacts',
  transfers: 'transfers',
  placements: 'placements',
  contacts: 'contacts',
  talks: 'talks',
  talkDues: 'talk_dues',
  cardReviews: 'card_reviews',
  outbox: 'notification_outbox',
  subscriptions: 'notification_subscriptions',
  uploads: 'uploads',
  uploadParts: 'upload_parts',
  imports: 'imports',
  importBatches: 'import_batches',
  toFind: 'to_find',
  deskLogins: 'desk_logins',
  deskSessions: 'desk_sessions',
  postCodes: 'post_codes',
  figureParts: 'figure_parts',
  figureTallies: 'figure_tallies',
  orgFigures: 'org_figures',
  figureMembers: 'figure_members',
  skillCards: 'skill_cards',
  helpRequests: 'help_requests',
  places: 'places',
  posters: 'place_posters',
  thinkTank: 'think_tank_invitations',
  roundTables: 'round_tables',
  roundTableAttendance: 'round_table_attendance',
  suggestions: 'suggestions',
  villageCandidates: 'village_post_candidates',
  agreements: 'agreements',
  jointOrgs: 'joint_orgs',
  jointMeetings: 'joint_meetings',
  serviceRequests: 'service_requests',
  handbookEntries: 'handbook_entries',
} as const;

/**
 * The keys of a message's `reach` (services/messages.ts): the id of each organization on its
 * path by depth, root first. Each has an index, so the tree may be this deep for an organization
 * to read the messages below it.
 */
export const MESSAGE_REACH_KEYS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'] as const;
export type MessageReachKey = (typeof MESSAGE_REACH_KEYS)[number];

const asc = (field: string) => ({ field, direction: 'asc' as const });
const desc = (field: string) => ({ field, direction: 'desc' as const });

/**
 * Every index a list screen or a rule needs, declared once: SQLite creates them at start,
 * `npm run indexes:cloudbase` creates them in a CloudBase environment. Each comment names
 * the query it serves.
 */
export const INDEXES: readonly IndexDeclaration[] = [
  // org.list by parent
  { collection: COLLECTIONS.organizations, name: 'parent_name', fields: [asc('parentId'), asc('name')] },
  // org.list by kind and city; check-in suggestions
  {
    collection: COLLECTIONS.organizations,
    name: 'kind_city_name',
    fields: [asc('kind'), asc('region.city'), asc('name')],
  },
  {
    collection: COLLECTIONS.organizations,
    name: 'branchkind_city_district',
    fields: [asc('branchKind'), asc('region.city'), asc('region.district')],
  },
  // checkin.choices: the branches below a committee (those beside a branch use parent_name); few, sorted by name
  { collection: COLLECTIONS.organizations, name: 'kind_path', fields: [asc('kind'), asc('path')] },
  // checkin.pending for one branch
  {
    collection: COLLECTIONS.checkins,
    name: 'branch_status_submitted',
    fields: [asc('branchId'), asc('status'), asc('submittedAt')],
  },
  // checkin.pending for an organization above branches
  {
    collection: COLLECTIONS.checkins,
    name: 'status_path_submitted',
    fields: [asc('status'), asc('branchPath'), asc('submittedAt')],
  },
  // checkin.mine
  { collection: COLLECTIONS.checkins, name: 'member_submitted', fields: [asc('memberId'), desc('submittedAt')] },
  // branch.members
  {
    collection: COLLECTIONS.members,
    name: 'branch_status_placed',
    fields: [asc('inflowBranchId'), asc('status'), desc('placedAt')],
  },
  // outflow.members
  { collection: COLLECTIONS.members, name: 'outflow_registered', fields: [asc('outflowPath'), desc('registeredAt')] },
  // desk.loginStart: the codes one address asked for lately
  { collection: COLLECTIONS.deskLogins, name: 'address_requested', fields: [asc('address'), desc('requestedAt')] },
  // session roles
  { collection: COLLECTIONS.roles, name: 'openid_revoked', fields: [asc('openid'), asc('revokedAt')] },
  // the outbox sender: what is due, oldest due first (finished entries have no nextAttemptAt)
  { collection: COLLECTIONS.outbox, name: 'next_attempt', fields: [asc('nextAttemptAt')] },
  // the development outbox page: newest first
  { collection: COLLECTIONS.outbox, name: 'created', fields: [desc('createdAt')] },
  // outflow.notices
  { collection: COLLECTIONS.notices, name: 'outflow_created', fields: [asc('outflowPath'), desc('createdAt')] },
  // activity.list, and the activities a report counts for one branch and period
  { collection: COLLECTIONS.activities, name: 'branch_starts', fields: [asc('branchId'), asc('startsAt')] },
  // the activity reminders: tomorrow's scheduled activities, in id order (the resumable cursor)
  { collection: COLLECTIONS.activities, name: 'held_status', fields: [asc('heldOn'), asc('status'), asc('_id')] },
  // activity.attendance (the sheet) and the counters
  { collection: COLLECTIONS.attendance, name: 'activity_member', fields: [asc('activityId'), asc('memberId')] },
  // placement.history: one member's placements, newest first
  { collection: COLLECTIONS.placements, name: 'member_started', fields: [asc('memberId'), desc('startedAt')] },
  // life.mine, report figures, the no-life clock: one member's attendance by date
  { collection: COLLECTIONS.attendance, name: 'member_held', fields: [asc('memberId'), desc('heldOn')] },
  // study.mine and report figures: one member's entries in one year
  { collection: COLLECTIONS.studyEntries, name: 'member_year', fields: [asc('memberId'), asc('year')] },
  // report.toWrite: a branch's drafts by due date
  { collection: COLLECTIONS.reports, name: 'branch_status_due', fields: [asc('branchId'), asc('status'), asc('dueOn')] },
  // report.inbox: one organization's entries, unread first, newest period first, by member.
  // The inbox indexes end with `_id`, the tie-breaker every query sorts by last, so that
  // CloudBase reads a page straight off the index instead of sorting the organization's entries.
  {
    collection: COLLECTIONS.inboxEntries,
    name: 'org_read_period_name',
    fields: [asc('orgId'), asc('readRank'), desc('periodEnd'), asc('memberName'), asc('_id')],
  },
  // report.inbox for one member
  {
    collection: COLLECTIONS.inboxEntries,
    name: 'org_member_read_period',
    fields: [asc('orgId'), asc('memberId'), asc('readRank'), desc('periodEnd'), asc('memberName'), asc('_id')],
  },
  // report.inbox for one period (one period has one end, so the query orders by name after readRank)
  {
    collection: COLLECTIONS.inboxEntries,
    name: 'org_period_read_name',
    fields: [asc('orgId'), asc('periodKey'), asc('readRank'), asc('memberName'), asc('_id')],
  },
  // report.history
  { collection: COLLECTIONS.reports, name: 'member_period', fields: [asc('memberId'), desc('periodEnd')] },
  // the jobs: overdue drafts branch by branch, so the reminder job's cursor is a finished branch
  { collection: COLLECTIONS.reports, name: 'status_branch_due', fields: [asc('status'), asc('branchId'), asc('dueOn')] },
  // report.thread
  { collection: COLLECTIONS.replies, name: 'report_created', fields: [asc('reportId'), asc('createdAt')] },
  // message.list of an organization deeper than the reach keys
  { collection: COLLECTIONS.messages, name: 'org_created', fields: [asc('orgId'), desc('createdAt')] },
  // message.list: an organization and those below it, by the organization's depth in the tree
  ...MESSAGE_REACH_KEYS.map((depth) => ({
    collection: COLLECTIONS.messages,
    name: `reach_${depth}_created`,
    fields: [asc(`reach.${depth}`), desc('createdAt')],
  })),
  // the jobs function: requested work not yet finished, oldest first
  { collection: COLLECTIONS.jobRequests, name: 'status_created', fields: [asc('status'), asc('createdAt')] },
  // the file port's list by key prefix
  { collection: COLLECTIONS.files, name: 'deleted_key', fields: [asc('deletedAt'), asc('key')] },
  // the jobs: every placed member, in id order (the resumable cursor)
  { collection: COLLECTIONS.members, name: 'status_id', fields: [asc('status'), asc('_id')] },
  // account.myMove: the asking account's latest request
  { collection: COLLECTIONS.accountMoves, name: 'new_submitted', fields: [asc('newOpenid'), desc('submittedAt')] },
  // account.moveRequests: pending ones oldest first, decided ones newest first, below one organization
  { collection: COLLECTIONS.accountMoves, name: 'status_submitted', fields: [asc('status'), asc('submittedAt')] },
  { collection: COLLECTIONS.accountMoves, name: 'status_decided', fields: [asc('status'), desc('decidedAt')] },
  // figures: members marked 失联 below an outflow organization, and in one inflow branch
  { collection: COLLECTIONS.members, name: 'outflow_lost', fields: [asc('outflowPath'), asc('lostContact.since')] },
  { collection: COLLECTIONS.members, name: 'branch_lost', fields: [asc('inflowBranchId'), asc('lostContact.since')] },
  // transfer.candidates: a branch's placed members with steady work, placed longest first
  {
    collection: COLLECTIONS.members,
    name: 'branch_status_pattern_placed',
    fields: [asc('inflowBranchId'), asc('status'), asc('workPattern'), asc('placedAt')],
  },
  // lostContact.get: the no-life clock's latest escalation for one member
  { collection: COLLECTIONS.lifeFlags, name: 'member_level_raised', fields: [asc('memberId'), asc('level'), desc('raisedAt')] },
  // lostContact.get: one member's episodes, latest first
  { collection: COLLECTIONS.lostContacts, name: 'member_marked', fields: [asc('memberId'), desc('markedAt')] },
  // transfer.ofMember
  { collection: COLLECTIONS.transfers, name: 'member_proposed', fields: [asc('memberId'), desc('proposedAt')] },
  // transfer.list for each side: open ones first, newest proposal first
  {
    collection: COLLECTIONS.transfers,
    name: 'inflow_open_proposed',
    fields: [asc('inflowPath'), asc('openRank'), desc('proposedAt')],
  },
  {
    collection: COLLECTIONS.transfers,
    name: 'outflow_open_proposed',
    fields: [asc('outflowPath'), asc('openRank'), desc('proposedAt')],
  },
  // the transfer reminders job: every transfer under way, in id order (the resumable cursor)
  { collection: COLLECTIONS.transfers, name: 'open_id', fields: [asc('openRank'), asc('_id')] },
  // contact.candidates: the role holders of one branch; the outbox: who manages an organization
  // (an organization-addressed message is sent to each)
  { collection: COLLECTIONS.roles, name: 'org_revoked', fields: [asc('orgId'), asc('revokedAt')] },
  // talk.list, the talk reminders and the report's talks: one member's talks by day
  { collection: COLLECTIONS.talks, name: 'member_held', fields: [asc('memberId'), desc('heldOn')] },
  // talk.due: a branch's open dues by due day
  { collection: COLLECTIONS.talkDues, name: 'branch_talk_due', fields: [asc('branchId'), asc('talkId'), asc('dueBy')] },
  // talk.list and talk.record: one member's open dues
  { collection: COLLECTIONS.talkDues, name: 'member_talk_due', fields: [asc('memberId'), asc('talkId'), asc('dueBy')] },
  // org.search: an organization's subtree in tree order (the name is matched within the range);
  // the figures run's roll-up reads it backwards (those below before those above)
  { collection: COLLECTIONS.organizations, name: 'path', fields: [asc('path')] },
  // post.list: the posts held now at and below an organization, organization by organization
  { collection: COLLECTIONS.roles, name: 'revoked_path', fields: [asc('revokedAt'), asc('orgPath')] },
  // post.candidates: the members below an organization (inflow or outflow side), by name
  { collection: COLLECTIONS.members, name: 'inflow_name', fields: [asc('inflowPath'), asc('name')] },
  { collection: COLLECTIONS.members, name: 'outflow_name', fields: [asc('outflowPath'), asc('name')] },
  // the card: one member's reviews, newest year first
  { collection: COLLECTIONS.cardReviews, name: 'member_year', fields: [asc('memberId'), desc('year')] },
  // an upload's parts, in order, when the last one is in
  { collection: COLLECTIONS.uploadParts, name: 'upload_part', fields: [asc('uploadRecordId'), asc('partNumber')] },
  // toFind.list: an organization's (and those below it) 待找 by state, and the figures
  { collection: COLLECTIONS.toFind, name: 'status_org_id', fields: [asc('status'), asc('orgPath'), asc('_id')] },
  // desk.sessions: an official's desk sessions still open, latest first
  {
    collection: COLLECTIONS.deskSessions,
    name: 'openid_ended_signed',
    fields: [asc('openid'), asc('endedAt'), desc('signedInAt')],
  },
  // figures.get: an organization's children's figures by name, and the roll-up's children
  { collection: COLLECTIONS.orgFigures, name: 'parent_name', fields: [asc('parentId'), asc('name')] },
  // figures.members: the members counted below an organization on each of their paths
  { collection: COLLECTIONS.figureMembers, name: 'inflow_name', fields: [asc('inflowPath'), asc('name')] },
  { collection: COLLECTIONS.figureMembers, name: 'outflow_name', fields: [asc('outflowPath'), asc('name')] },
  { collection: COLLECTIONS.figureMembers, name: 'checkin_name', fields: [asc('checkinPath'), asc('name')] },
  // the export: the members below an organization on the inflow side (the outflow side uses outflow_registered)
  { collection: COLLECTIONS.members, name: 'inflow_id', fields: [asc('inflowPath'), asc('_id')] },
  // skillCard.pending and skillCard.community: the cards of a state at and below an organization
  { collection: COLLECTIONS.skillCards, name: 'status_branch_id', fields: [asc('status'), asc('branchPath'), asc('_id')] },
  // skillCard.nearby: the approved cards of the branches and communities near a resident
  { collection: COLLECTIONS.skillCards, name: 'status_branch', fields: [asc('status'), asc('branchId')] },
  { collection: COLLECTIONS.skillCards, name: 'status_community', fields: [asc('status'), asc('communityId')] },
  // help.mine: a resident's requests, newest first; help.ask: their open request to one card
  { collection: COLLECTIONS.helpRequests, name: 'resident_asked', fields: [asc('residentKey'), desc('askedAt')] },
  // help.incoming and the member's confirmed hours: one member's requests
  { collection: COLLECTIONS.helpRequests, name: 'member_asked', fields: [asc('memberId'), desc('askedAt')] },
  // the report's and the record's service hours: one member's confirmed services by day
  {
    collection: COLLECTIONS.helpRequests,
    name: 'member_status_confirmed',
    fields: [asc('memberId'), asc('status'), asc('confirmedOn')],
  },
  // place.nearby with a point: the places in the geohash cells around it, one index per precision (lib/geo.ts)
  { collection: COLLECTIONS.places, name: 'cell6', fields: [asc('cells.c6')] },
  { collection: COLLECTIONS.places, name: 'cell5', fields: [asc('cells.c5')] },
  { collection: COLLECTIONS.places, name: 'cell4', fields: [asc('cells.c4')] },
  // place.nearby by district: centres first, then organizations, by name
  {
    collection: COLLECTIONS.places,
    name: 'city_district_removed_kind_name',
    fields: [asc('region.city'), asc('region.district'), asc('removedAt'), desc('kind'), asc('name')],
  },
  // place.ofOrg: the centres an organization runs
  { collection: COLLECTIONS.places, name: 'org_kind_removed', fields: [asc('orgId'), asc('kind'), asc('removedAt')] },
  // thinkTank.list: an organization's invitations, newest first; homecoming.mine: a member's
  { collection: COLLECTIONS.thinkTank, name: 'org_invited', fields: [asc('orgId'), desc('invitedAt')] },
  { collection: COLLECTIONS.thinkTank, name: 'member_invited', fields: [asc('memberId'), desc('invitedAt')] },
  // roundTable.list, and homecoming.mine over the think-tanks a member is in
  { collection: COLLECTIONS.roundTables, name: 'org_starts', fields: [asc('orgId'), asc('startsAt')] },
  // roundTable.get: the sheet's attendance; homecoming.mine: the member's own
  {
    collection: COLLECTIONS.roundTableAttendance,
    name: 'round_table_member',
    fields: [asc('roundTableId'), asc('memberId')],
  },
  // roundTable.get: a round-table's suggestions in order; homecoming.mine: a member's, newest first
  { collection: COLLECTIONS.suggestions, name: 'round_table_created', fields: [asc('roundTableId'), asc('createdAt')] },
  { collection: COLLECTIONS.suggestions, name: 'member_created', fields: [asc('memberId'), desc('createdAt')] },
  // candidate.list: an organization's candidates, newest proposal first
  { collection: COLLECTIONS.villageCandidates, name: 'org_proposed', fields: [asc('orgId'), desc('proposedAt')] },
  // agreement.list: the agreements an organization or one below it is a party to, on either side, newest first
  { collection: COLLECTIONS.agreements, name: 'inflow_created', fields: [asc('inflowPath'), desc('createdAt')] },
  { collection: COLLECTIONS.agreements, name: 'outflow_created', fields: [asc('outflowPath'), desc('createdAt')] },
  // role.grant: the joint organizations a new admin post holds by the agreements in force
  { collection: COLLECTIONS.jointOrgs, name: 'inforce_coadmin', fields: [asc('inForce'), asc('coAdminPath')] },
  // an agreement's joint organizations, when its terms change
  { collection: COLLECTIONS.jointOrgs, name: 'agreement', fields: [asc('agreementId')] },
  // jointMeeting.list, and the meetings held for the agreement's figures
  { collection: COLLECTIONS.jointMeetings, name: 'agreement_starts', fields: [asc('agreementId'), desc('startsAt')] },
  { collection: COLLECTIONS.jointMeetings, name: 'agreement_status', fields: [asc('agreementId'), asc('status')] },
  // the agreement's figures: the reports from the inflow party's branches to the outflow party
  { collection: COLLECTIONS.reports, name: 'outflow_branch', fields: [asc('outflowPath'), asc('branchPath')] },
  // service.mine and the report's service requests: one member's requests, newest first
  { collection: COLLECTIONS.serviceRequests, name: 'member_asked', fields: [asc('memberId'), desc('askedAt')] },
  // service.list: the requests at and below an organization, open first, newest first (and open only)
  {
    collection: COLLECTIONS.serviceRequests,
    name: 'branch_open_asked',
    fields: [asc('branchPath'), asc('openRank'), desc('askedAt')],
  },
  // the service reminders job: requests still waiting for their first answer, in id order (the cursor)
  { collection: COLLECTIONS.serviceRequests, name: 'answer_id', fields: [asc('answerRank'), asc('_id')] },
  // handbook.list: the entries of the organizations on a path, in force first, newest source first
  {
    collection: COLLECTIONS.handbookEntries,
    name: 'org_withdrawn_date',
    fields: [asc('orgId'), asc('withdrawnRank'), desc('sourceDate')],
  },
  {
    collection: COLLECTIONS.handbookEntries,
    name: 'org_topic_withdrawn_date',
    fields: [asc('orgId'), asc('topic'), asc('withdrawnRank'), desc('sourceDate')],
  },
];
