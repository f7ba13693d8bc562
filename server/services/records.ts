import type {
  BranchKind,
  CheckinStatus,
  CheckinVia,
  Gender,
  Hometown,
  LeaveReason,
  MemberStatus,
  OrgKind,
  PlacementEndReason,
  PreviousPlacement,
  Region,
  Role,
  Standing,
  WorkPattern,
} from '../contract';
import type { ActivityKind, AttendanceStatus } from '../contract/activities';
import type { AppraisalResult } from '../contract/appraisals';
import type { JobRequestStatus } from '../contract/jobs';
import type { LostContactReason } from '../contract/lost-contact';
import type { TransferStatus } from '../contract/transfers';
import type { MessageKind } from '../contract/messages';
import type { NotificationFields, NotificationKind, NotificationRecipient, NotificationTopic } from '../contract/notifications';
import type { Assessment, Period, ReportFigures, ReportStatus } from '../contract/reports';
import type { Settings } from '../contract/settings';
import type { PostEndReason } from '../contract/org-tree';
import type { CardReviewResult } from '../contract/cards';
import type { DueTalkCause, TalkCause } from '../contract/talks';
import type { ServiceHelper, ServiceKind, ServiceStatus, ServiceStepKind } from '../contract/service-requests';
import type { HandbookTopic } from '../contract/handbook';
import type { StudyMode, StudyPlanItem } from '../contract/study';
import type { CentreKind, PlaceKind } from '../contract/places';
import type { GeoCells, GeoPoint } from '../lib/geo';
import type { AgreementContact, AgreementSide, JointAttendee, MeetingCadence } from '../contract/joint-management';
import type { StoredIndustry } from './industries';
import type { MessageReachKey } from '../store/indexes';
import type { ImportKind, ToFindStatus, VisitOutcome } from '../contract/imports';
import type { ExportPurpose, FigureCounts, FigureKey } from '../contract/subtree-figures';
import type { HelpStatus, Shop, SkillCardStatus } from '../contract/skill-cards';
import type {
  AttendanceMode,
  CandidateStatus,
  RoundTableVia,
  SuggestionStatus,
  ThinkTankStatus,
  VillagePost,
} from '../contract/homecoming';

/**
 * The shapes of stored records. Sensitive fields are stored only encrypted (`*Enc`), with a
 * keyed hash where a look-up needs one (`*Hash`) and a masked copy for lists (`*Masked`).
 */

export interface OrganizationRecord {
  name: string;
  kind: OrgKind;
  parentId: string | null;
  /** Ancestor ids and its own, `/root/child/self/`: "below X" is a prefix range on it. */
  path: string;
  region: Region;
  branchKind: BranchKind | null;
  hometown: Hometown | null;
  industry: StoredIndustry | null;
  address: string | null;
  /** 联系人及电话; absent on organizations made before the desk kept it. */
  contact?: string | null;
  /** Set when the organization was dissolved (kept for its history); absent or null while it is active. */
  dissolved?: DissolvedMark | null;
  /** The tree import that made it: a redone chunk counts it as made by that import. */
  importId?: string | null;
  createdAt: string;
  createdBy: string;
}

/** How an organization was dissolved, and who carries on its members and open business. */
export interface DissolvedMark {
  /** Shanghai calendar day. */
  on: string;
  at: string;
  by: string;
  byName: string | null;
  reason: string;
  successorId: string | null;
  successorName: string | null;
  /** The job moving its members to the successor, or null when there was nothing to move. */
  jobId: string | null;
}

export interface MemberRecord {
  openid: string;
  name: string;
  gender: Gender;
  phoneEnc: string;
  phoneMasked: string;
  idCardEnc: string;
  idCardHash: string;
  idCardMasked: string;
  standing: Standing;
  joinedPartyOn: string;
  outflow: { orgId: string | null; name: string; region: Region };
  /** Path of the outflow organization when it is on the system, else null. */
  outflowPath: string | null;
  leftOn: string;
  leaveReason: LeaveReason;
  residence: { region: Region; addressEnc: string; addressMasked: string };
  workplace: string;
  occupation: string;
  industry: StoredIndustry;
  workPattern: WorkPattern;
  /** Set by the branch secretary; null until classified (then the work pattern decides). */
  studyMode?: StudyMode | null;
  /** 结对学习 partner in the same branch. */
  partnerId?: string | null;
  partnerName?: string | null;
  skills: string[];
  status: MemberStatus;
  inflowBranchId: string | null;
  inflowBranchName: string | null;
  inflowPath: string | null;
  placedAt: string | null;
  openCheckinId: string | null;
  checkinCount: number;
  /** 失联: the open mark, or null. Optional on records from before. */
  lostContact?: LostContactMark | null;
  /** 失联 episodes so far: the next one's id is `lc_<memberId>_<count + 1>`. */
  lostContactEpisodes?: number;
  /** The transfer under way (proposed or agreed), or null. */
  openTransferId?: string | null;
  /** Transfers so far: the next one's id is `tr_<memberId>_<count + 1>`. */
  transferCount?: number;
  /** When the transfer's completion was recorded (status `transferred`). */
  transferredAt?: string | null;
  /** Placement periods made so far (`pl_<memberId>_<n>`); absent on records from before placements had an end. */
  placementCount?: number;
  /** 返回登记: the day the outflow side recorded the member home. */
  returnedOn?: string | null;
  consentVersion: string;
  registeredAt: string;
  updatedAt: string;
}

/** One hand-over of a check-in request to another organization, kept on the request. */
export interface CheckinForward {
  fromOrgId: string;
  fromName: string;
  toOrgId: string;
  toName: string;
  by: string;
  byName: string | null;
  reason: string | null;
  at: string;
}

export interface CheckinRecord {
  memberId: string;
  memberName: string;
  memberStanding: Standing;
  memberOutflowName: string;
  /**
   * The organization the request is with now: the one checked in to, or the one it was last
   * forwarded to. A branch, or a committee or general branch whose admins place the member in a
   * branch below it. (Named `branch*` since the first codes; the indexes use these names.)
   */
  branchId: string;
  branchName: string;
  branchPath: string;
  /** Absent on requests made when only branches could be checked in to. */
  orgKind?: OrgKind;
  /** Oldest first; absent on requests never forwarded before forwarding existed. */
  forwards?: CheckinForward[];
  status: CheckinStatus;
  via: CheckinVia;
  submittedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  reason: string | null;
  placedBranchId: string | null;
  placedBranchName: string | null;
  /** The member's last placement when the request was made, for the deciding branch to see. */
  previousPlacement?: PreviousPlacement | null;
}

/**
 * One period of a member in one inflow branch. Id `pl_<memberId>_<n>`, n counting from 1, so
 * an approval and a retry of it make one. Ended by the member, the branch or the return home.
 */
export interface PlacementRecord {
  memberId: string;
  memberName: string;
  branchId: string;
  branchName: string;
  branchPath: string;
  outflowPath: string | null;
  startedAt: string;
  endedOn: string | null;
  endReason: PlacementEndReason | null;
  destination: string | null;
  endedBy: 'member' | 'branch' | 'outflow' | null;
  endedByKey: string | null;
  endedByName: string | null;
  endedAt: string | null;
}

export interface RoleRecord {
  /** The holder's caller key (`callerKey`): the holder's OPENID, whether they call from the phone or the desk. */
  openid: string;
  role: Role;
  orgId: string | null;
  orgPath: string | null;
  holderName: string;
  grantedBy: string;
  /** The appointing admin's name as their post reads; absent on grants from before. */
  grantedByName?: string | null;
  grantedAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  /** Why the post ended; absent on posts ended before the reason was kept. */
  endReason?: PostEndReason | null;
  /**
   * An admin post's joint organizations (共管协议) held by agreements in force, kept here by the
   * agreement's confirmations and changes (and copied in when the post is granted), so that
   * `loadAccess` reads them with the roles: no request more for anyone. Absent on other posts.
   */
  joint?: JointHold[];
}

/** One joint organization an admin post holds by an agreement, within its term. */
export interface JointHold {
  agreementId: string;
  orgId: string;
  orgPath: string;
  /** The party's path through which the post holds it (the post's organization or one below it). */
  viaPath: string;
  termStart: string;
  termEnd: string;
}

/**
 * A personal code a person shows on their phone so that an admin can appoint them without
 * knowing their OPENID. Id `pc_<code>`; good for one appointment until `expiresAt`.
 */
export interface PostCodeRecord {
  openid: string;
  /** The member's name when the person is a registered member, for the desk to confirm. */
  memberName: string | null;
  issuedAt: string;
  expiresAt: string;
  /** The post it was used for (`roleId`), or null while unused. */
  usedFor: string | null;
  usedAt: string | null;
}

export interface UniqueKeyRecord {
  owner: string;
  createdAt: string;
}

export interface ConsentRecord {
  openid: string;
  /** Not `version`: that name belongs to the store's compare-and-set counter. */
  noticeVersion: string;
  agreedAt: string;
}

/** Who did what to whom and when; never the personal data itself. */
export type AuditRecord =
  | { actorOpenid: string; action: 'reveal_sensitive'; memberId: string; field: 'idCard' | 'phone' | 'address'; at: string }
  | {
      actorOpenid: string;
      /** The account was told whether an ID number is on file (`outcome`), or refused the answer (`limited`). */
      action: 'id_card_lookup';
      /** The keyed hash of the number, never the number. */
      idCardHash: string;
      via: 'register' | 'move_request';
      outcome: 'taken' | 'found' | 'not_found' | 'limited';
      /** Shanghai calendar day the lookup counts on. */
      day: string;
      at: string;
    }
  | {
      actorOpenid: string;
      action: 'account_move_requested' | 'account_move_confirmed' | 'account_move_rejected';
      moveId: string;
      memberId: string;
      reason: string | null;
      at: string;
    }
  | {
      /** The official who answered a desk's sign-in code on the phone. */
      actorOpenid: string;
      action: 'desk_login_confirmed' | 'desk_login_refused';
      loginId: string;
      /** The desk session the confirmation made; null when refused. */
      sessionId: string | null;
      device: string;
      address: string | null;
      /** The roles the session carried at sign-in, as `role@orgId`. */
      roles: string[];
      at: string;
    }
  | {
      /** The official whose desk session ended. */
      actorOpenid: string;
      action: 'desk_session_ended';
      sessionId: string;
      loginId: string;
      reason: DeskSessionEndReason;
      /** When it ended: a sign-out's moment, or when its working day or idle time ran out. */
      endedAt: string;
      at: string;
    }
  | {
      /** Who asked for the export (the job's requester). */
      actorOpenid: string;
      /** A spreadsheet of members left the system (written when its file is, before anyone can download it). */
      action: 'members_exported';
      jobId: string;
      orgId: string;
      orgPath: string;
      purpose: ExportPurpose;
      /** Members in the file, and of them those whose ID number and phone are in full. */
      rows: number;
      fullRows: number;
      fileKey: string;
      at: string;
    };

/**
 * A desk's sign-in code (desk-sessions.ts): one per `desk.loginStart`, answered at most once.
 * `expired` is not stored: a waiting code is expired once `expiresAt` has passed.
 */
export interface DeskLoginRecord {
  /** SHA-256 of the poll token, which only the asking computer holds. */
  pollTokenHash: string;
  device: string;
  address: string | null;
  status: 'waiting' | 'scanned' | 'confirmed' | 'refused';
  requestedAt: string;
  expiresAt: string;
  answeredBy: string | null;
  answeredAt: string | null;
  /** The session a confirmation made (its id derives from the login's). */
  sessionId: string | null;
}

/** Why a desk session ended. */
export type DeskSessionEndReason = 'official' | 'desk' | 'working_day' | 'idle';

/** A desk signed in as one official; it acts with that official's roles as they are at each call. */
export interface DeskSessionRecord {
  /** The official's OPENID: the session's caller key. */
  openid: string;
  officialName: string;
  loginId: string;
  device: string;
  address: string | null;
  signedInAt: string;
  /** The last call, kept to the minute (not written on every call). */
  lastSeenAt: string;
  /** Sign-in plus a working day. */
  endsAt: string;
  endedAt: string | null;
  endReason: DeskSessionEndReason | null;
}

export interface NoticeRecord {
  kind: 'member_placed';
  outflowOrgId: string;
  outflowPath: string;
  memberId: string;
  memberName: string;
  branchId: string;
  branchName: string;
  branchRegion: Region;
  createdAt: string;
}

/** Which side recorded a step on a member with two sides. */
export type SideName = 'inflow' | 'outflow' | 'above';

/** The open 失联 mark on a member: a person's decision, with the day of last contact and why. */
export interface LostContactMark {
  episodeId: string;
  /** The last day of organizational life or contact (Shanghai calendar day). */
  since: string;
  reason: LostContactReason;
  note: string;
  markedOn: string;
  markedAt: string;
  markedBy: string;
  markedByName: string | null;
  markedSide: SideName;
}

/** One 失联 episode, kept after the member is found again. Id `lc_<memberId>_<n>`. */
export interface LostContactEpisodeRecord extends LostContactMark {
  memberId: string;
  memberName: string;
  inflowPath: string | null;
  outflowPath: string | null;
  foundOn: string | null;
  foundHow: string | null;
  foundAt: string | null;
  foundBy: string | null;
  foundByName: string | null;
  foundSide: SideName | null;
}

/**
 * One transfer of a member's organization relationship to the inflow branch (应转尽转).
 * Id `tr_<memberId>_<n>`; the member's `openTransferId` keeps one under way at a time.
 */
export interface TransferRecord {
  memberId: string;
  memberName: string;
  branchId: string;
  branchName: string;
  inflowPath: string;
  outflowOrgId: string;
  outflowName: string;
  outflowPath: string;
  status: TransferStatus;
  /** 0 while under way (proposed, agreed), 1 once closed: lists show the open ones first. */
  openRank: 0 | 1;
  reason: string;
  proposedOn: string;
  proposedAt: string;
  proposedBy: string;
  proposedByName: string | null;
  decidedOn: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  refusalReason: string | null;
  completedOn: string | null;
  completedAt: string | null;
  completedBy: string | null;
  completedByName: string | null;
  letterNumber: string | null;
  letterDate: string | null;
  /** When the step now waiting began (the proposal, then the agreement); null once closed. The reminders count from it. */
  waitingSince: string | null;
}

/** One activity of a branch's organizational life. Id `a_<hash of creator and requestId>`. */
export interface ActivityRecord {
  branchId: string;
  branchName: string;
  branchPath: string;
  kind: ActivityKind;
  topic: string;
  place: string;
  startsAt: string;
  endsAt: string;
  signInOpensAt: string;
  signInClosesAt: string;
  /** Shanghai calendar date of the start, for period queries. */
  heldOn: string;
  volunteerHours: number;
  status: 'scheduled' | 'cancelled';
  cancelReason: string | null;
  presentCount: number;
  leaveCount: number;
  createdBy: string;
  createdByName: string | null;
  createdAt: string;
}

/** One member at one activity. Id `at_<activityId>_<memberId>`: a second sign-in finds the first. */
export interface AttendanceRecord {
  activityId: string;
  activityKind: ActivityKind;
  /** Copied from the activity so a member's record of a period is one indexed query. */
  heldOn: string;
  startsAt: string;
  branchId: string;
  branchPath: string;
  memberId: string;
  memberName: string;
  status: AttendanceStatus;
  via: 'scan' | 'secretary';
  reason: string | null;
  volunteerHours: number;
  recordedAt: string;
  recordedBy: string;
  recordedByName: string | null;
}

/** A branch's study plan for one year. Id `sp_<branchId>_<year>`. */
export interface StudyPlanRecord {
  branchId: string;
  branchName: string;
  branchPath: string;
  year: number;
  targetHours: number;
  items: StudyPlanItem[];
  publishedAt: string;
  publishedBy: string;
  updatedAt: string;
}

/** One member's entry for one plan item. Id `se_<memberId>_<year>_<itemId>`. */
export interface StudyEntryRecord {
  memberId: string;
  branchId: string;
  year: number;
  itemId: string;
  /** Copied when done, so the hours stay even if the plan changes. */
  title: string;
  hours: number;
  status: 'planned' | 'done';
  plannedMonth: number | null;
  doneOn: string | null;
  note: string | null;
  recordedBy: string | null;
  updatedAt: string;
}

/** The yearly democratic appraisal at the inflow branch. Id `ap_<memberId>_<year>`. */
export interface AppraisalRecord {
  memberId: string;
  branchId: string;
  branchPath: string;
  year: number;
  result: AppraisalResult;
  note: string;
  recordedOn: string;
  recordedBy: string;
  recordedByName: string | null;
  /** The report that carried it home (the first one submitted after it was recorded), or null. */
  sentInReportId?: string | null;
}

/**
 * Figures as revisions submitted before the study figures said what they count froze them:
 * the year's hours from 1 January, no period hours.
 */
export type FiguresBeforeStudyCounts = Omit<
  ReportFigures,
  'studyHoursInPeriod' | 'studyCountedFrom' | 'studyHoursThisYear' | 'studyHoursDueThisYear' | 'serviceHours'
> & { studyHoursDone: number; studyHoursDue: number; serviceHours?: number };
/** Revisions frozen before services to residents were counted have no `serviceHours`. */
export type StoredReportFigures = (Omit<ReportFigures, 'serviceHours'> & { serviceHours?: number }) | FiguresBeforeStudyCounts;

/** What a submitted revision froze. */
export interface ReportSnapshot {
  revision: number;
  figures: StoredReportFigures;
  assessment: Assessment;
  appraisalId: string | null;
  appraisal: {
    result: AppraisalResult;
    note: string;
    year: number;
    recordedOn: string;
    recordedByName: string | null;
    version: number;
  } | null;
  submittedAt: string;
  submittedBy: string;
  submittedByName: string | null;
  correctionReason: string | null;
}

/**
 * The feedback one branch owes one member's outflow organization for one period: one share per
 * placement in the period. Id `r_<memberId>_<periodKey>` for the first placement's share (and
 * every report from before shares), `r_<memberId>_<periodKey>_p<n>` for a later one's
 * (`reportIdFor`, `findShare`): the job and a retry can never make two.
 */
export interface ReportRecord {
  memberId: string;
  memberName: string;
  memberStanding: Standing;
  branchId: string;
  branchName: string;
  branchPath: string;
  /** The member's placement the report is about (`pl_<memberId>_<n>`); absent on reports from before shares. */
  placementNumber?: number;
  outflowOrgId: string;
  outflowName: string;
  outflowPath: string;
  period: Period;
  /** `period.key`, top level for the index. */
  periodKey: string;
  /** Reverse-sortable period end for "newest period first" with ascending keys. */
  periodEnd: string;
  dueOn: string;
  /**
   * The placement the report is about: its figures count from its start (and, when it ended
   * inside the period, to its last day only). Reports drafted before carry the start only when
   * the placement ended; the end is absent while the member is still in the branch.
   */
  placementStartedAt?: string | null;
  placementEndedOn?: string | null;
  status: ReportStatus;
  /** Submitted revisions so far; 0 for a draft never submitted. */
  revision: number;
  draftFigures: StoredReportFigures;
  draftAssessment: Assessment;
  correctionReason: string | null;
  /** The revisions as submitted, oldest first. */
  revisions: ReportSnapshot[];
  submittedAt: string | null;
  /** 0 while unread (or never sent), 1 once read: the inbox sorts unread first. */
  readRank: 0 | 1;
  readAt: string | null;
  readByName: string | null;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  replyCount: number;
  createdAt: string;
}

/**
 * One submitted report in the inbox of one organization on its outflow path (the outflow
 * organization and each organization above it), so that an inbox is one index range on
 * `orgId` in its own order, never a sort of everything below the organization.
 * Id `ib_<orgId>_<reportId>`. Written and kept in step with the report (its `readRank`) in the
 * same transaction as the report; a draft never submitted has none.
 */
export interface InboxEntryRecord {
  orgId: string;
  reportId: string;
  memberId: string;
  memberName: string;
  /** The report's `readRank`. */
  readRank: 0 | 1;
  periodEnd: string;
  periodKey: string;
}

/** One message in a report's thread. Id `rp_<reportId>_<hash of author and requestId>`. */
export interface ReplyRecord {
  reportId: string;
  side: 'inflow' | 'outflow';
  authorOpenid: string;
  authorName: string;
  orgName: string;
  body: string;
  createdAt: string;
}

/** An organization's own settings; the effective value comes from the nearest one up the tree. Id = orgId. */
export interface OrgSettingsRecord {
  orgId: string;
  orgPath: string;
  values: Partial<Settings>;
  updatedAt: string;
  updatedBy: string;
}

/** A message to whoever manages an organization. Ids are deterministic per cause, so a rerun job sends nothing twice. */
export interface MessageRecord {
  orgId: string;
  orgPath: string;
  kind: MessageKind;
  title: string;
  body: string;
  reportId: string | null;
  memberId: string | null;
  createdAt: string;
  /**
   * The id of each organization on `orgPath` by its depth (`d0` the root, `d1` below it, …), so
   * that every organization above reads the message with one index range; absent on messages
   * posted before (the backfill job adds it).
   */
  reach?: Partial<Record<MessageReachKey, string>>;
}

/** A warning that a placed member has had no organizational life; the system records, a person decides. */
export interface LifeFlagRecord {
  memberId: string;
  memberName: string;
  branchId: string;
  branchPath: string;
  outflowPath: string | null;
  level: 'warning' | 'escalation';
  /** The last day of organizational life (or the placement day) the silence is counted from. */
  since: string;
  months: number;
  raisedAt: string;
}

/**
 * A piece of work someone asked for (an import, moving an organization), run by the jobs
 * function in resumable chunks. Id `jr_<hash of requester, kind and request id>`: a retried
 * request never starts it twice.
 */
export interface JobRequestRecord {
  kind: string;
  /** The job's own input, validated by the job when it runs. */
  params: Record<string, unknown>;
  /** Who asked: the caller's identity key. */
  requestedBy: string;
  status: JobRequestStatus;
  cursor: string | null;
  processed: number;
  total: number | null;
  /** Attempts that failed with an error that may pass (the store failing); a refusal fails at once. */
  failures: number;
  error: string | null;
  /** What the job's items came to so far (an import's created, matched, 待找 …), saved with the cursor. */
  tally?: Record<string, number>;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** Where a resumable batch job stands. Id `<job>_<runKey>`. */
export interface JobRunRecord {
  job: string;
  runKey: string;
  cursor: string | null;
  processed: number;
  created: number;
  chunks: number;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/**
 * The ID numbers one account was told about on one Shanghai day. Id `idl_<account>_<YYYYMMDD>`:
 * the same number asked again is found in the list, so retries do not count twice.
 */
export interface IdLookupRecord {
  day: string;
  /** Keyed hashes, at most the daily limit. */
  idCardHashes: string[];
}

/** What the admin deciding a move reads about one account, masked, as of the request. */
export interface AccountFacts {
  openidMasked: string;
  agreedNoticeAt: string | null;
  roles: { role: Role; orgName: string }[];
  idLookupsToday: number;
}

/**
 * A request to move a member's record to the account that asked. Id
 * `mv_<hash of new account and member>`: asking again finds the same request.
 */
export interface AccountMoveRecord {
  newOpenid: string;
  oldOpenid: string;
  memberId: string;
  /** The record as it was when asked, masked. */
  member: {
    name: string;
    idCardMasked: string;
    phoneMasked: string;
    outflowName: string;
    inflowBranchName: string | null;
    registeredAt: string;
    updatedAt: string;
  };
  /** Who may decide: admins of either side, as they were when asked. */
  inflowPath: string | null;
  outflowPath: string | null;
  requestedName: string;
  oldAccount: AccountFacts;
  newAccount: AccountFacts;
  status: 'pending' | 'confirmed' | 'rejected';
  submittedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  reason: string | null;
}

/**
 * An account that holds a record whose id was derived from another account's OPENID (it moved
 * here). Id `al_<hash of the account>`.
 */
export interface AccountLinkRecord {
  memberId: string;
  moveId: string;
  linkedAt: string;
}

/**
 * The member's contact person in the inflow branch. Id `ct_<memberId>`: one per member; it
 * belongs to the placement in `branchId`, so after a move it no longer counts until the new
 * branch names its own.
 */
export interface ContactRecord {
  memberId: string;
  branchId: string;
  branchPath: string;
  name: string;
  kind: 'secretary' | 'org_admin' | 'member';
  roleId: string | null;
  contactMemberId: string | null;
  setOn: string;
  setBy: string;
  setByName: string | null;
}

/** One talk held with a member. Id `tk_<memberId>_<requestId>`, so a retried record finds the first. */
export interface TalkRecord {
  memberId: string;
  memberName: string;
  branchId: string;
  branchPath: string;
  /** The member's outflow path when the talk was recorded: the other side that reads the note. */
  outflowPath: string | null;
  cause: TalkCause;
  heldOn: string;
  heldByName: string;
  topic: string;
  note: string;
  recordedAt: string;
  recordedBy: string;
  recordedByName: string | null;
}

/**
 * A talk the practice requires and the jobs found due. Id `td_<memberId>_<cause>_<key>` (the key
 * is the placement day, the Spring Festival's year, or the first absence's activity), so each
 * cause is found due, and its secretary told, once. Open while `talkId` is null.
 */
export interface TalkDueRecord {
  memberId: string;
  memberName: string;
  branchId: string;
  branchPath: string;
  cause: DueTalkCause;
  since: string;
  dueBy: string;
  talkId: string | null;
  createdAt: string;
}

/**
 * A member's service request (服务诉求). Id `sr_<hash of member, asker and requestId>`: a retried
 * ask lands on the first. `openRank` 0 until closed; `answerRank` 0 while it waits for its first
 * answer (the reminder job walks those).
 */
export interface ServiceRequestRecord {
  memberId: string;
  memberName: string;
  memberOpenid: string;
  branchId: string;
  branchName: string;
  branchPath: string;
  kind: ServiceKind;
  title: string;
  detail: string;
  shareWithHome: boolean;
  askedBy: 'member' | 'branch';
  askedAt: string;
  askedOn: string;
  status: ServiceStatus;
  openRank: 0 | 1;
  answerRank: 0 | 1;
  answeredAt: string | null;
  helper: ServiceHelper | null;
  outcome: string | null;
  closedOn: string | null;
  /** Oldest first; `by` is the caller's key, so a retried step is told from another person's. */
  steps: ServiceStepRecord[];
}

export interface ServiceStepRecord {
  kind: ServiceStepKind;
  at: string;
  by: string;
  byName: string;
  text: string;
  helper: ServiceHelper | null;
}

/**
 * An entry of the policy handbook (政策手册), published by an organization for its region. Id
 * `hb_<hash of publisher and requestId>`. `searchText` holds title, body and source for the
 * keyword search; `withdrawnRank` 1 once an admin marked it old.
 */
export interface HandbookEntryRecord {
  orgId: string;
  orgName: string;
  orgPath: string;
  region: Region;
  topic: HandbookTopic;
  title: string;
  body: string;
  source: string;
  sourceDate: string;
  sourceUrl: string;
  validUntil: string | null;
  searchText: string;
  withdrawnRank: 0 | 1;
  withdrawnAt: string | null;
  withdrawnNote: string | null;
  publishedAt: string;
  publishedBy: string;
  publishedByName: string | null;
  updatedAt: string;
  updatedBy: string;
}

/** The yearly review (年审) of the activity card by the outflow side. Id `cr_<memberId>_<year>`. */
export interface CardReviewRecord {
  memberId: string;
  outflowOrgId: string;
  outflowPath: string;
  year: number;
  result: CardReviewResult;
  note: string;
  appraisal: { result: AppraisalResult; recordedByName: string | null } | null;
  recordedOn: string;
  recordedBy: string;
  recordedByName: string | null;
}

/**
 * Where one outbox entry stands. `pending`: to be sent at `nextAttemptAt`; `sending`: claimed by
 * one invocation until `nextAttemptAt`; `expanded`: addressed to an organization and replaced by
 * one entry per person who manages it; `sent`; `dropped` (with the reason).
 */
export type OutboxStatus = 'pending' | 'sending' | 'expanded' | 'sent' | 'dropped';

/**
 * Why an entry was dropped: the user accepted no message of its topic (or WeChat says so,
 * 43101), the template or its data is wrong, the organization has nobody to tell, the temporary
 * errors did not pass, or the invocation that claimed it died with the send's outcome unknown.
 */
export type OutboxDropReason = 'no_subscription' | 'rejected' | 'no_recipient' | 'gave_up' | 'interrupted';

/**
 * A subscribe message to send, written in the same transaction as its cause. Id
 * `nt_<kind>_<causeId>_<recipient>`, deterministic, so a retried cause writes one.
 */
export interface OutboxRecord {
  kind: NotificationKind;
  topic: NotificationTopic;
  causeId: string;
  to: NotificationRecipient;
  fields: NotificationFields;
  page: string;
  status: OutboxStatus;
  /** When the sender may next take it; null once it is finished (sent, dropped, expanded). */
  nextAttemptAt: string | null;
  attempts: number;
  /** The user's accept this message uses is already counted (a retry after a temporary error counts none). */
  credited: boolean;
  /** The organization-addressed entry it was expanded from. */
  parentId: string | null;
  createdAt: string;
  finishedAt: string | null;
  dropReason: OutboxDropReason | null;
  /** The last error WeChat answered, e.g. `43101 user refuse to accept the msg`. */
  lastError: string | null;
}

/**
 * What one WeChat user accepted for one topic. Id `sub_<openid hash>_<topic>`. Each accept
 * allows one message: the sender may send while `used < accepted`.
 */
export interface SubscriptionRecord {
  openid: string;
  topic: NotificationTopic;
  accepted: number;
  used: number;
  /** The last answers' request ids, so a retried `notify.subscribe` counts once. */
  recentRequestIds: string[];
  updatedAt: string;
}

/**
 * A file the desk is sending in parts. Id `upl_<hash of the caller's key and upload id>`, so an
 * upload id is the sender's own. Once every part is in and the bytes match, the file is in the
 * FileStore under `fileKey` and the parts are no longer needed.
 */
export interface UploadRecord {
  uploadedBy: string;
  uploadId: string;
  fileName: string;
  contentType: string;
  totalSize: number;
  sha256: string;
  partCount: number;
  status: 'receiving' | 'complete';
  fileKey: string | null;
  createdAt: string;
  completedAt: string | null;
}

/** One part of an upload, `<upload record id>_<partNumber>`: a part sent again lands on itself. */
export interface UploadPartRecord {
  uploadRecordId: string;
  partNumber: number;
  /** Base64, as sent. */
  data: string;
  createdAt: string;
}

/**
 * One import of one file's content into one organization. Id from the kind, the organization,
 * the month and the file's SHA-256, so the same file imported again is the same import. Its rows,
 * validated and made ready to write, wait in `import_batches` for the job.
 */
export interface ImportRecord {
  kind: ImportKind;
  orgId: string;
  orgPath: string;
  month: string | null;
  fileName: string;
  sha256: string;
  rows: number;
  batches: number;
  requestedBy: string;
  jobId: string;
  createdAt: string;
}

/** A slice of an import's rows, ready to write. Id `<import id>_<n>`, n from 0. */
export interface ImportBatchRecord {
  importId: string;
  batch: number;
  rows: unknown[];
}

/** What the movement list said about the person, as stored: the ID number never in the clear. */
export interface ListedPerson {
  name: string;
  gender: string | null;
  idCardMasked: string;
  idCardEnc: string;
  phoneMasked: string | null;
  phoneEnc: string | null;
  outflowName: string;
  destination: Region;
  addressMasked: string | null;
  leftOn: string;
  reason: string;
  cardNumber: string | null;
}

/**
 * 组织找党员: one person on the movement lists, `tf_<keyed hash of the ID number>`. The latest
 * month's listing, the organization responsible for finding them (`orgPath`, by the list's
 * destination), and what came of it: linked to the member who registered with the number, or
 * the secretary's visit.
 */
export interface ToFindRecord {
  idCardHash: string;
  status: ToFindStatus;
  month: string;
  listed: ListedPerson;
  orgId: string;
  orgName: string;
  orgPath: string;
  memberId: string | null;
  linkedAt: string | null;
  visit: {
    outcome: VisitOutcome;
    visitedOn: string;
    note: string;
    by: string;
    byName: string | null;
    at: string;
    lost: { since: string; reason: LostContactReason; note: string } | null;
  } | null;
  /** The import that made the record, and the last one that wrote it: a redone chunk counts what it did. */
  createdByImport: string;
  lastImportId: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * One organization's part of the figures run under way, added to chunk by chunk. Id
 * `ft_<orgId>`: a run with another key starts it again from nothing, and `lastChunk` says which
 * chunk was added last, so a chunk redone after a kill adds nothing twice.
 */
export interface FigureTallyRecord {
  orgId: string;
  runKey: string;
  lastChunk: number;
  /** Members attached to this organization itself, once each. */
  own: FigureCounts;
  /**
   * What this organization adds to the subtree sums of itself and those above it: members
   * attached below it through more than one path are counted once, by inclusion-exclusion on the
   * organizations where the paths meet (they carry the negative share).
   */
  weight: FigureCounts;
}

/** The figures of one organization as the last finished run left them. Id `of_<orgId>`. */
export interface OrgFiguresRecord {
  orgId: string;
  name: string;
  kind: OrganizationRecord['kind'];
  parentId: string | null;
  path: string;
  own: FigureCounts;
  subtree: FigureCounts;
  /** When the run that counted them started: the moment the figures describe. */
  asOf: string;
  runKey: string;
}

/**
 * One member as the figures counted them, for the list behind a figure. Id `fm_<memberId>`;
 * masked fields only. Rewritten by the figures run only when something in it changed.
 */
export interface FigureMemberRecord {
  /** Id `fm_<memberId>` for a member, `fm_<toFindId>` for a movement-list record. */
  memberId: string | null;
  toFindId: string | null;
  name: string;
  idCardMasked: string;
  phoneMasked: string | null;
  status: MemberStatus | null;
  toFindStatus: ToFindStatus | null;
  outflowName: string;
  inflowBranchName: string | null;
  inflowPath: string | null;
  outflowPath: string | null;
  /** The branch of the open check-in, when it is not the inflow branch. */
  checkinPath: string | null;
  /** Each figure the member counts in is `true`; the others are absent. */
  figures: Partial<Record<FigureKey, true>>;
}

/**
 * A member's volunteer skill card (志愿者技能卡), one per member (`skillCardIdFor`). Everything a
 * resident reads of it is in `displayName`, `skills`, `area`, `times` and `shop`, typed by the
 * member; the branch it was approved in is the one that shows it.
 */
export interface SkillCardRecord {
  memberId: string;
  /** The member's registered name, for the branch's review only. */
  memberName: string;
  displayName: string;
  skills: string[];
  area: string;
  times: string;
  shop: Shop | null;
  status: SkillCardStatus;
  branchId: string;
  branchName: string;
  branchPath: string;
  /**
   * The organization directly above the branch (a community's committee for a community branch):
   * the card is found near either. Absent on cards saved before cards were found by location.
   */
  communityId?: string | null;
  /** When the member last ticked the consent to show the card (every save needs it). */
  consentAt: string;
  submittedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  reason: string | null;
  withdrawnAt: string | null;
}

/**
 * A resident's request for help through a card. The resident is known by a keyed hash of their
 * OPENID (`residentKey`) for the lists, and by the OPENID itself only to be told of answers; the
 * phone they left is stored encrypted and read by the member asked. The member's phone is
 * copied in (encrypted) only when the member chose to share it for this request.
 */
export interface HelpRequestRecord {
  cardId: string;
  memberId: string;
  memberOpenid: string;
  displayName: string;
  skills: string[];
  branchId: string;
  branchName: string;
  branchPath: string;
  residentKey: string;
  residentOpenid: string;
  residentName: string;
  residentPhoneEnc: string;
  need: string;
  place: string;
  when: string;
  status: HelpStatus;
  askedAt: string;
  answeredAt: string | null;
  declineReason: string | null;
  memberPhoneEnc: string | null;
  hours: number | null;
  confirmedAt: string | null;
  /** Shanghai day of the confirmation: the day the hours count on. */
  confirmedOn: string | null;
}

/**
 * A place on the map (services/places.ts): an organization's own (id `pl_<orgId>`, one per
 * organization) or a party-service centre an organization runs (id derived from the request that
 * made it). `cells` are the geohash cells the nearest-first query looks in; null once a centre
 * is removed, so a removed centre is never found, and kept for its history.
 */
export interface PlaceRecord {
  kind: PlaceKind;
  centreKind: CentreKind | null;
  /** The organization whose place it is, or which runs the centre (who may edit it is read from the organization). */
  orgId: string;
  /** The centre's name; for an organization's own place the organization's at the last save (read fresh for display). */
  name: string;
  orgKind: OrgKind;
  branchKind: BranchKind | null;
  region: Region;
  /** A centre's address; an organization's own address is on the organization. */
  address: string;
  point: GeoPoint;
  cells: GeoCells | null;
  hours: string;
  /** A centre's contact; an organization's own contact is on the organization. */
  contact: string;
  removedAt: string | null;
  updatedAt: string;
  updatedBy: string;
}

/** A 归队码 poster (id derived from the organization and the label): where it hangs, for the page it opens. */
export interface PosterRecord {
  orgId: string;
  orgName: string;
  orgKind: OrgKind;
  label: string;
  region: Region;
  createdAt: string;
  createdBy: string;
}

/** One party of a joint-management agreement, as it stood when the terms were last set. */
export interface AgreementParty {
  orgId: string;
  name: string;
  path: string;
  region: Region;
}

/** A side's confirmation of the agreement's current revision. */
export interface AgreementConfirmation {
  at: string;
  by: string;
  byName: string | null;
}

/**
 * 共管协议 between two organizations. Id `ag_<hash of proposer and requestId>`. `status` is
 * `proposed` until both `confirmations` are set for the current `revision` (a change clears the
 * other side's), then `in_force`; `expired` is read from the term, never stored.
 */
export interface AgreementRecord {
  title: string;
  inflow: AgreementParty;
  outflow: AgreementParty;
  /** Copies of the parties' paths, for the list queries (an index on each). */
  inflowPath: string;
  outflowPath: string;
  proposedBy: AgreementSide;
  termStart: string;
  termEnd: string;
  meetingCadence: MeetingCadence;
  contacts: Record<AgreementSide, AgreementContact | null>;
  jointOrgs: { orgId: string; name: string; path: string; coAdministeredBy: AgreementSide }[];
  status: 'proposed' | 'in_force';
  revision: number;
  confirmations: Record<AgreementSide, AgreementConfirmation | null>;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * A joint organization's administration by the other side's admins, one per agreement and
 * organization (id `jo_<agreementId>_<orgId>`), read by `loadAccess` for callers who administer
 * an organization: `inForce` while both sides have confirmed, between the term's days.
 */
export interface JointOrgRecord {
  agreementId: string;
  orgId: string;
  orgPath: string;
  /** The party whose admins (and those above it) administer the organization by the agreement. */
  coAdminPath: string;
  inForce: boolean;
  termStart: string;
  termEnd: string;
}

/** A joint meeting (联席会议) of both sides' officials under one agreement. Id `jm_<hash of scheduler and requestId>`. */
export interface JointMeetingRecord {
  agreementId: string;
  agreementTitle: string;
  inflowPath: string;
  outflowPath: string;
  topic: string;
  place: string;
  startsAt: string;
  endsAt: string;
  status: 'scheduled' | 'held';
  attendance: JointAttendee[];
  minutes: { text: string; at: string; by: string; byName: string | null; side: AgreementSide } | null;
  /** Each side's reading of the current minutes; a change to them clears the other side's. */
  reads: Record<AgreementSide, { at: string; byName: string | null } | null>;
  createdBy: string;
  createdAt: string;
}

/** An outgoing member invited into an outflow organization's 智囊团. Id from the organization and the member: one per pair. */
export interface ThinkTankInvitationRecord {
  orgId: string;
  orgName: string;
  orgPath: string;
  memberId: string;
  memberName: string;
  status: ThinkTankStatus;
  note: string;
  invitedAt: string;
  invitedBy: string;
  invitedByName: string | null;
  answeredAt: string | null;
}

/** A 返乡党员圆桌会 of an outflow organization, timed like an activity (services/activities.ts meetingTimes). */
export interface RoundTableRecord {
  orgId: string;
  orgName: string;
  orgPath: string;
  topic: string;
  place: string;
  startsAt: string;
  endsAt: string;
  signInOpensAt: string;
  signInClosesAt: string;
  heldOn: string;
  /** The six digits a member far away enters to be recorded present from afar. */
  joinCode: string;
  presentCount: number;
  remoteCount: number;
  leaveCount: number;
  minutes: string;
  minutesByName: string | null;
  minutesAt: string | null;
  createdBy: string;
  createdByName: string | null;
  createdAt: string;
}

/** One think-tank member at one round-table; the id comes from both, so a second sign-in finds the first. */
export interface RoundTableAttendanceRecord {
  roundTableId: string;
  orgId: string;
  heldOn: string;
  memberId: string;
  memberName: string;
  status: AttendanceStatus;
  mode: AttendanceMode;
  via: RoundTableVia;
  reason: string | null;
  recordedAt: string;
  recordedBy: string;
  recordedByName: string | null;
}

export interface SuggestionStepRecord {
  status: SuggestionStatus;
  note: string;
  byName: string | null;
  by: string;
  at: string;
}

/** A suggestion a think-tank member made at a round-table, followed to its outcome. */
export interface SuggestionRecord {
  roundTableId: string;
  roundTableTopic: string;
  heldOn: string;
  orgId: string;
  orgName: string;
  orgPath: string;
  memberId: string;
  memberName: string;
  content: string;
  status: SuggestionStatus;
  steps: SuggestionStepRecord[];
  createdAt: string;
}

export interface CandidateStepRecord {
  step: CandidateStatus;
  on: string;
  note: string;
  byName: string | null;
  by: string;
  recordedAt: string;
}

/** An outgoing member proposed for a village post. Id from the member and the post: one per pair. */
export interface VillagePostCandidateRecord {
  orgId: string;
  orgName: string;
  orgPath: string;
  memberId: string;
  memberName: string;
  post: VillagePost;
  postOrgId: string;
  postOrgName: string;
  status: CandidateStatus;
  steps: CandidateStepRecord[];
  proposedAt: string;
}
