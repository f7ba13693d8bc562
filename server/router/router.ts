import { AppError } from '../services/app-error';
import { z } from 'zod';
import {
  ACTIONS,
  type ActionName,
  type ActionOutput,
  type ActionResult,
  DESK_PUBLIC_ACTIONS,
  type ParsedInput,
  isActionName,
} from '../contract';
import { branchMembers } from '../services/branches';
import {
  checkinChoices,
  checkinCode,
  decideCheckin,
  forwardCheckin,
  myCheckins,
  pendingCheckins,
  resolveCheckinCode,
  submitCheckin,
  suggestBranches,
  withdrawCheckin,
} from '../services/checkins';
import { decideMove, moveRequests, myMove, requestMove } from '../services/account-moves';
import { acceptNotice, getNotice } from '../services/consent';
import {
  type Caller,
  NO_REQUEST_FACTS,
  type PublicContext,
  type RequestFacts,
  type ServiceContext,
  type ServiceDeps,
} from '../services/context';
import {
  confirmDeskLogin,
  describeDeskLogin,
  endDeskSession,
  listDeskSessions,
  pollDeskLogin,
  signOutDesk,
  startDeskLogin,
} from '../services/desk-sessions';
import { getMember, registerMember, revealSensitive, updateOwnProfile } from '../services/members';
import {
  createOrganization,
  getOrganization,
  listOrganizations,
  orgChildren,
  searchOrganizations,
  updateOrganization,
} from '../services/organizations';
import { dissolveOrganization } from '../services/org-dissolutions';
import { listPosts, myPostCode, postCandidates } from '../services/posts';
import { outflowMembers, outflowNotices } from '../services/outflow';
import { leavePlacement, placementHistory, recordReturn } from '../services/placements';
import { grantRole, revokeRole } from '../services/roles';
import { me } from '../services/session';
import {
  activityKinds,
  createActivity,
  cancelActivity,
  listActivities,
  activityCode,
  resolveActivityCode,
  signIn,
  activityAttendance,
  markAttendance,
} from '../services/activities';
import { myLife } from '../services/life';
import {
  studyPlan,
  saveStudyPlan,
  branchStudy,
  classifyMember,
  pairMembers,
  unpairMember,
  myStudy,
  scheduleStudy,
  recordStudy,
} from '../services/study';
import { recordAppraisal } from '../services/appraisals';
import { getCard, myCard, reviewCard, scanCard } from '../services/cards';
import { contactCandidates, listTalks, recordTalk, setContact, talksDue } from '../services/talks';
import { correctReport, reportsToWrite, saveReportDraft, submitReport } from '../services/reports/branch-side';
import { reportHistory } from '../services/reports/history';
import { acknowledgeReport, getReport, reportInbox } from '../services/reports/outflow-side';
import { replyToReport, reportThread } from '../services/reports/thread';
import { getSettings, updateSettings } from '../services/settings';
import { listMessages } from '../services/messages';
import { notifyTemplates, recordSubscription } from '../services/notifications';
import { getJobRequest } from '../services/job-requests';
import { moveOrganization } from '../services/org-moves';
import { getLostContact, markLostContact, recordFound } from '../services/lost-contact';
import {
  completeTransfer,
  decideTransfer,
  listTransfers,
  memberTransfers,
  proposeTransfer,
  transferCandidates,
} from '../services/transfers';
import { uploadPart } from '../services/uploads';
import { getImport } from '../services/imports';
import { importOrgTree } from '../services/org-tree-import';
import { importMovementList } from '../services/movement-list';
import { assignToFind, listToFind, visitToFind } from '../services/to-find';
import { downloadFile, getExport, startExport } from '../services/member-export';
import { figureMembers, getFigures } from '../services/subtree-figures';
import {
  nearbyPlaces,
  placesOfOrg,
  posterCode,
  removeCentre,
  resolvePoster,
  saveCentre,
  setOrgLocation,
} from '../services/places';
import {
  addSuggestion,
  createRoundTable,
  followSuggestion,
  getRoundTable,
  inviteToThinkTank,
  listCandidates,
  listRoundTables,
  listThinkTank,
  markRoundTable,
  myHomecoming,
  proposeCandidate,
  recordCandidateStep,
  respondToThinkTank,
  roundTableCode,
  saveRoundTableMinutes,
  signInToRoundTable,
} from '../services/homecoming';
import {
  confirmAgreement,
  getAgreement,
  getJointMeeting,
  listAgreements,
  listJointMeetings,
  proposeAgreement,
  recordJointMeeting,
  reviseAgreement,
  scheduleJointMeeting,
} from '../services/joint-management';
import {
  answerService,
  askService,
  closeService,
  getService,
  handOnService,
  listServices,
  myServices,
  takeService,
} from '../services/service-requests';
import { getEntry, listEntries, publishEntry, updateEntry, withdrawEntry } from '../services/handbook';
import { InvalidCursorError, VersionConflictError } from '../store/document-store';
import {
  answerHelp,
  askForHelp,
  cancelHelp,
  communitySkillCards,
  confirmHelp,
  incomingHelp,
  myHelpRequests,
  mySkillCard,
  nearbySkillCards,
  pendingSkillCards,
  reviewSkillCard,
  saveSkillCard,
  shopCardCode,
  skillCardCode,
  withdrawSkillCard,
} from '../services/skill-cards';

// Validation messages reach people over fifty on small phones: in Chinese.
z.config(z.locales.zhCN());

/** The actions anybody may call, before signing in: they get no caller, maybe. */
type PublicActionName = (typeof DESK_PUBLIC_ACTIONS)[number];
const isPublicAction = (name: ActionName): name is PublicActionName => (DESK_PUBLIC_ACTIONS as readonly string[]).includes(name);

type Handler<K extends ActionName> = (
  ctx: K extends PublicActionName ? PublicContext : ServiceContext,
  input: ParsedInput<K>,
) => Promise<ActionOutput<K>>;

/** One handler per action; a missing or extra action fails to compile. */
export const HANDLERS: { [K in ActionName]: Handler<K> } = {
  'session.me': (ctx) => me(ctx),
  'consent.notice': () => getNotice(),
  'consent.accept': acceptNotice,
  'member.register': registerMember,
  'member.updateProfile': updateOwnProfile,
  'member.get': getMember,
  'member.revealSensitive': revealSensitive,
  'org.list': listOrganizations,
  'org.get': getOrganization,
  'org.create': createOrganization,
  'role.grant': grantRole,
  'role.revoke': revokeRole,
  'checkin.suggest': (ctx) => suggestBranches(ctx),
  'checkin.resolveCode': resolveCheckinCode,
  'checkin.submit': submitCheckin,
  'checkin.withdraw': withdrawCheckin,
  'checkin.mine': (ctx) => myCheckins(ctx),
  'checkin.pending': pendingCheckins,
  'checkin.choices': checkinChoices,
  'checkin.decide': decideCheckin,
  'checkin.forward': forwardCheckin,
  'branch.members': branchMembers,
  'org.checkinCode': checkinCode,
  'outflow.members': outflowMembers,
  'outflow.notices': outflowNotices,
  'placement.leave': leavePlacement,
  'placement.return': recordReturn,
  'placement.history': placementHistory,
  'activity.kinds': activityKinds,
  'activity.create': createActivity,
  'activity.cancel': cancelActivity,
  'activity.list': listActivities,
  'activity.code': activityCode,
  'activity.resolveCode': resolveActivityCode,
  'activity.signIn': signIn,
  'activity.attendance': activityAttendance,
  'activity.mark': markAttendance,
  'life.mine': myLife,
  'study.plan': studyPlan,
  'study.savePlan': saveStudyPlan,
  'study.branch': branchStudy,
  'study.classify': classifyMember,
  'study.pair': pairMembers,
  'study.unpair': unpairMember,
  'study.mine': myStudy,
  'study.schedule': scheduleStudy,
  'study.record': recordStudy,
  'appraisal.record': recordAppraisal,
  'report.toWrite': reportsToWrite,
  'report.get': getReport,
  'report.saveDraft': saveReportDraft,
  'report.submit': submitReport,
  'report.correct': correctReport,
  'report.inbox': reportInbox,
  'report.acknowledge': acknowledgeReport,
  'report.thread': reportThread,
  'report.reply': replyToReport,
  'report.history': reportHistory,
  'contact.candidates': contactCandidates,
  'contact.set': setContact,
  'talk.list': listTalks,
  'talk.record': recordTalk,
  'talk.due': talksDue,
  'card.mine': myCard,
  'card.get': getCard,
  'card.scan': scanCard,
  'card.review': reviewCard,
  'settings.get': getSettings,
  'settings.update': updateSettings,
  'message.list': listMessages,
  'org.move': moveOrganization,
  'job.get': getJobRequest,
  'account.requestMove': requestMove,
  'account.myMove': (ctx) => myMove(ctx),
  'account.moveRequests': moveRequests,
  'account.decideMove': decideMove,
  'lostContact.get': getLostContact,
  'lostContact.mark': markLostContact,
  'lostContact.found': recordFound,
  'transfer.candidates': transferCandidates,
  'transfer.propose': proposeTransfer,
  'transfer.decide': decideTransfer,
  'transfer.complete': completeTransfer,
  'transfer.list': listTransfers,
  'transfer.ofMember': memberTransfers,
  'notify.templates': notifyTemplates,
  'notify.subscribe': recordSubscription,
  'file.uploadPart': uploadPart,
  'import.orgTree': importOrgTree,
  'import.movementList': importMovementList,
  'import.get': getImport,
  'toFind.list': listToFind,
  'toFind.assign': assignToFind,
  'toFind.visit': visitToFind,
  'desk.loginStart': startDeskLogin,
  'desk.loginPoll': pollDeskLogin,
  'desk.loginDescribe': describeDeskLogin,
  'desk.loginConfirm': confirmDeskLogin,
  'desk.sessions': (ctx) => listDeskSessions(ctx),
  'desk.endSession': endDeskSession,
  'desk.signOut': (ctx) => signOutDesk(ctx),
  'org.children': orgChildren,
  'org.search': searchOrganizations,
  'org.update': updateOrganization,
  'org.dissolve': dissolveOrganization,
  'post.list': listPosts,
  'post.candidates': postCandidates,
  'post.myCode': (ctx) => myPostCode(ctx),
  'figures.get': getFigures,
  'figures.members': figureMembers,
  'export.start': startExport,
  'export.get': getExport,
  'file.download': downloadFile,
  'skillCard.mine': (ctx) => mySkillCard(ctx),
  'skillCard.save': saveSkillCard,
  'skillCard.withdraw': withdrawSkillCard,
  'skillCard.pending': pendingSkillCards,
  'skillCard.review': reviewSkillCard,
  'skillCard.code': skillCardCode,
  'skillCard.shopCode': (ctx) => shopCardCode(ctx),
  'skillCard.community': communitySkillCards,
  'skillCard.nearby': nearbySkillCards,
  'help.ask': askForHelp,
  'help.mine': myHelpRequests,
  'help.cancel': cancelHelp,
  'help.confirm': confirmHelp,
  'help.incoming': incomingHelp,
  'help.answer': answerHelp,
  'place.ofOrg': placesOfOrg,
  'place.setLocation': setOrgLocation,
  'place.saveCentre': saveCentre,
  'place.removeCentre': removeCentre,
  'place.nearby': nearbyPlaces,
  'place.posterCode': posterCode,
  'place.resolvePoster': resolvePoster,
  'thinkTank.invite': inviteToThinkTank,
  'thinkTank.list': listThinkTank,
  'thinkTank.respond': respondToThinkTank,
  'homecoming.mine': (ctx) => myHomecoming(ctx),
  'roundTable.create': createRoundTable,
  'roundTable.list': listRoundTables,
  'roundTable.get': getRoundTable,
  'roundTable.code': roundTableCode,
  'roundTable.signIn': signInToRoundTable,
  'roundTable.mark': markRoundTable,
  'roundTable.saveMinutes': saveRoundTableMinutes,
  'suggestion.add': addSuggestion,
  'suggestion.follow': followSuggestion,
  'candidate.propose': proposeCandidate,
  'candidate.step': recordCandidateStep,
  'candidate.list': listCandidates,
  'agreement.propose': proposeAgreement,
  'agreement.confirm': confirmAgreement,
  'agreement.revise': reviseAgreement,
  'agreement.list': listAgreements,
  'agreement.get': getAgreement,
  'jointMeeting.schedule': scheduleJointMeeting,
  'jointMeeting.list': listJointMeetings,
  'jointMeeting.get': getJointMeeting,
  'jointMeeting.record': recordJointMeeting,
  'service.ask': askService,
  'service.take': takeService,
  'service.answer': answerService,
  'service.handOn': handOnService,
  'service.close': closeService,
  'service.get': getService,
  'service.mine': myServices,
  'service.list': listServices,
  'handbook.publish': publishEntry,
  'handbook.update': updateEntry,
  'handbook.withdraw': withdrawEntry,
  'handbook.list': listEntries,
  'handbook.get': getEntry,
};

/** Logs what the caller must not see (stack traces, internal messages). */
export type ErrorLogger = (message: string, error: unknown) => void;

const defaultLogger: ErrorLogger = (message, error) => console.error(message, error);

function badRequest(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  return new AppError('BAD_REQUEST', issue ? issue.message : '输入有误', { field, cause: error });
}

async function run<K extends ActionName>(action: K, rawInput: unknown, ctx: PublicContext): Promise<ActionOutput<K>> {
  const definition = ACTIONS[action];
  const parsed = definition.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw badRequest(parsed.error);
  // dispatch lets a missing caller through to the public actions only.
  const handler = HANDLERS[action] as (ctx: PublicContext, input: ParsedInput<K>) => Promise<ActionOutput<K>>;
  const output = await handler(ctx, parsed.data as ParsedInput<K>);
  const checked = definition.output.safeParse(output);
  if (!checked.success) {
    throw new Error(`Output of ${action} failed its schema: ${checked.error.message}`);
  }
  return checked.data as ActionOutput<K>;
}

/**
 * Runs one action for one caller and always resolves an ActionResult: bad input is the
 * caller's (BAD_REQUEST with the field, a list cursor the store refuses too), a bad output or
 * any unexpected error is ours (INTERNAL). Without a caller only the public actions run (a
 * computer asking to sign in); every other answers UNAUTHENTICATED.
 */
export async function dispatch(
  deps: ServiceDeps,
  caller: Caller | null,
  action: string,
  rawInput: unknown,
  log: ErrorLogger = defaultLogger,
  request: RequestFacts = NO_REQUEST_FACTS,
): Promise<ActionResult<unknown>> {
  try {
    if (!isActionName(action)) throw new AppError('UNKNOWN_ACTION', `没有这个操作：${action}`, { field: 'action' });
    if (!caller && !isPublicAction(action))
      throw new AppError('UNAUTHENTICATED', '请先登录：在微信中打开小程序，或在电脑上扫码登录');
    const data = await run(action, rawInput, { deps, caller, request });
    return { ok: true, data };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toActionError() };
    if (error instanceof VersionConflictError) {
      return { ok: false, error: { code: 'CONFLICT', message: '记录刚被其他人修改，请刷新后再试' } };
    }
    // Only a list's `cursor` input reaches the store as a cursor; the store's own cursors are always valid.
    if (error instanceof InvalidCursorError) {
      return { ok: false, error: { code: 'BAD_REQUEST', message: '翻页位置已失效，请刷新列表', field: 'cursor' } };
    }
    log(`Action ${action} failed`, error);
    return { ok: false, error: { code: 'INTERNAL', message: '系统出了点问题，请稍后再试' } };
  }
}
