import { AppError } from './app-error';
import type { ActionOutput, ParsedInput } from '../contract';
import type { Period } from '../contract/reports';
import type {
  ReportServiceRequest,
  ServiceHelper,
  ServiceKind,
  ServiceRequestView,
  ServiceStepKind,
} from '../contract/service-requests';
import { shanghaiDate, timestamp } from '../lib/time';
import { DuplicateIdError, type StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { retryOnConflict } from '../store/saving';
import { type Access, actingName, loadAccess } from './access';
import { type ServiceContext, type ServiceDeps, callerKey, callerOpenid } from './context';
import { derivedId } from './ids';
import { type MemberDoc, type PlacedMember, isPlaced, notPlaced, requireOwnMember, requireSeenMember } from './members';
import { postMessage } from './messages';
import { enqueueNotification } from './notifications';
import { requireManagedOrganization, underPath } from './organizations';
import type { ServiceRequestRecord, ServiceStepRecord } from './records';
import { SettingsResolver } from './settings';

/**
 * Services for members and their families (服务诉求). A placed member asks their inflow branch
 * for help, or the branch asks on the member's behalf (a member without the phone at hand, an
 * older one who asked in person). The branch, or an admin above it, takes it, answers, hands it
 * to a named helper outside the tree and closes it with what was done. The request stays the
 * branch's from the ask to the close (see the contract for why "whoever can help" is a helper,
 * not another organization). The member reads every step; the report home carries the requests
 * the member chose to share with home; the jobs remind the branch, then the organization above,
 * of requests left without an answer.
 */

export type ServiceRequestDoc = StoredDocument<ServiceRequestRecord>;

/** The words a message uses for each kind (the screens have their own labels). */
const KIND_WORDS: Record<ServiceKind, string> = {
  work: '就业',
  housing: '住房',
  schooling: '子女上学',
  medical: '就医',
  legal: '法律',
  other: '其他',
};

export function serviceKindWords(kind: ServiceKind): string {
  return KIND_WORDS[kind];
}

/** A member's requests a report looks at: more in one period would be unusual. */
const REPORT_REQUEST_LIMIT = 50;

function serviceNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这条服务诉求', { field: 'serviceId' });
}

function serviceConflict(): AppError {
  return new AppError('CONFLICT', '这条诉求刚被其他人处理，请刷新后查看', { field: 'version' });
}

export function toServiceRequestView(doc: ServiceRequestDoc, access: Access | null): ServiceRequestView {
  const manages = access !== null && access.manages(doc.branchPath);
  const open = doc.status !== 'closed';
  return {
    serviceId: doc._id,
    member: { memberId: doc.memberId, name: doc.memberName },
    branch: { orgId: doc.branchId, name: doc.branchName },
    kind: doc.kind,
    title: doc.title,
    detail: doc.detail,
    shareWithHome: doc.shareWithHome,
    askedBy: doc.askedBy,
    askedAt: doc.askedAt,
    status: doc.status,
    answeredAt: doc.answeredAt,
    steps: doc.steps.map((step) => ({
      kind: step.kind,
      at: step.at,
      byName: step.byName,
      text: step.text,
      helper: step.helper,
    })),
    helper: doc.helper,
    outcome: doc.outcome,
    can: {
      take: manages && doc.status === 'asked',
      answer: manages && open,
      handOn: manages && open,
      close: manages && open,
    },
    version: doc.version,
  };
}

/** The member the request is for, and how it is asked: by the member, or by the branch for them. */
async function askedFor(
  ctx: ServiceContext,
  accessLoaded: Promise<Access>,
  memberId: string | null | undefined,
): Promise<{ member: PlacedMember; askedBy: 'member' | 'branch'; access: Access }> {
  // The member and the caller's roles are read together: on CloudBase each read is a round trip.
  const [member, access] = memberId
    ? await Promise.all([requireSeenMember(ctx, accessLoaded, memberId), accessLoaded])
    : await Promise.all([requireOwnMember(ctx), accessLoaded]);
  const self = member.openid === callerOpenid(ctx.caller);
  if (!isPlaced(member)) {
    if (self) throw new AppError('NOT_PLACED', '纳入支部管理后才能提出服务诉求：请先扫码报到，支部批准后再来');
    throw notPlaced(member);
  }
  if (!self && !access.manages(member.inflowPath)) {
    throw new AppError('FORBIDDEN', '只有党员所在支部的书记或上级组织管理员可以代为提出');
  }
  return { member, askedBy: self ? 'member' : 'branch', access };
}

export async function askService(ctx: ServiceContext, input: ParsedInput<'service.ask'>): Promise<ActionOutput<'service.ask'>> {
  const key = callerKey(ctx.caller);
  const { store } = ctx.deps;
  const { member, askedBy, access } = await askedFor(ctx, loadAccess(ctx), input.memberId);
  const id = derivedId('sr', `${member._id}|${key}|${input.requestId}`);
  const [existing, settings] = await Promise.all([
    store.get<ServiceRequestRecord>(COLLECTIONS.serviceRequests, id),
    new SettingsResolver(ctx.deps).at(member.inflowPath),
  ]);
  if (existing) return toServiceRequestView(existing, access);
  const now = timestamp(ctx.deps.clock);
  const byName = askedBy === 'member' ? member.name : (actingName(access, member.inflowPath) ?? '支部');
  const record: ServiceRequestRecord = {
    memberId: member._id,
    memberName: member.name,
    memberOpenid: member.openid,
    branchId: member.inflowBranchId,
    branchName: member.inflowBranchName,
    branchPath: member.inflowPath,
    kind: input.kind,
    title: input.title,
    detail: input.detail,
    shareWithHome: input.shareWithHome,
    askedBy,
    askedAt: now,
    askedOn: shanghaiDate(ctx.deps.clock),
    status: 'asked',
    openRank: 0,
    answerRank: 0,
    answeredAt: null,
    helper: null,
    outcome: null,
    closedOn: null,
    steps: [{ kind: 'asked', at: now, by: key, byName, text: '', helper: null }],
  };
  const whoAsked = askedBy === 'member' ? `${member.name}提出` : `${byName}代${member.name}提出`;
  try {
    const doc = await store.transaction(async (tx) => {
      const [inserted] = await Promise.all([
        tx.insert<ServiceRequestRecord>(COLLECTIONS.serviceRequests, { _id: id, ...record }),
        postMessage(tx, `msg_${id}_asked`, {
          orgId: member.inflowBranchId,
          orgPath: member.inflowPath,
          kind: 'service_asked',
          title: '新的服务诉求',
          body: `${whoAsked}${KIND_WORDS[input.kind]}方面的诉求：${input.title}。请在 ${settings.serviceAnswerDays} 天内受理并答复。`,
          reportId: null,
          memberId: member._id,
          createdAt: now,
        }),
      ]);
      return inserted;
    });
    return toServiceRequestView(doc, access);
  } catch (error) {
    // A twin of this request (the same tap sent twice at once) made it a moment ago.
    if (!(error instanceof DuplicateIdError)) throw error;
    const twin = await store.get<ServiceRequestRecord>(COLLECTIONS.serviceRequests, id);
    if (!twin) throw error;
    return toServiceRequestView(twin, access);
  }
}

/** What the member's subscribe message says of each step. */
const STEP_WORDS: Record<Exclude<ServiceStepKind, 'asked'>, string> = {
  taken: '支部已受理您的诉求',
  answered: '支部答复了您的诉求',
  handed_on: '诉求已转交能帮忙的单位',
  closed: '诉求已办结，请查看结果',
};

/** What one step of the branch's does to a request. */
interface StepChange {
  kind: Exclude<ServiceStepKind, 'asked'>;
  text: string;
  helper: ServiceHelper | null;
}

function patchFor(doc: ServiceRequestDoc, step: ServiceStepRecord, today: string): Partial<ServiceRequestRecord> {
  // Taking it is not an answer: the member still waits to hear something.
  const answers = step.kind !== 'taken';
  const patch: Partial<ServiceRequestRecord> = {
    steps: [...doc.steps, step],
    answeredAt: doc.answeredAt ?? (answers ? step.at : null),
    answerRank: doc.answerRank === 1 || answers ? 1 : 0,
  };
  if (step.kind === 'taken' || (step.kind === 'answered' && doc.status === 'asked')) patch.status = 'taken';
  if (step.kind === 'handed_on') Object.assign(patch, { status: 'handed_on', helper: step.helper });
  if (step.kind === 'closed') Object.assign(patch, { status: 'closed', openRank: 1, outcome: step.text, closedOn: today });
  return patch;
}

/**
 * The branch's steps: taken, answered, handed on, closed. Whoever does not manage the branch is
 * told there is no such request (the member who asked sees it and is refused). The same step
 * sent again by the same person after it was saved is a retry and answers as the first did;
 * anyone acting on a version that moved meanwhile gets CONFLICT: of two at once, one wins.
 */
async function applyStep(
  ctx: ServiceContext,
  serviceId: string,
  version: number,
  change: StepChange,
): Promise<ServiceRequestView> {
  const key = callerKey(ctx.caller);
  const { store } = ctx.deps;
  const accessLoaded = loadAccess(ctx);
  return retryOnConflict(
    async () => {
      const [doc, access] = await Promise.all([
        store.get<ServiceRequestRecord>(COLLECTIONS.serviceRequests, serviceId),
        accessLoaded,
      ]);
      if (!doc) throw serviceNotFound();
      if (!access.manages(doc.branchPath)) {
        if (doc.memberOpenid === callerOpenid(ctx.caller)) {
          throw new AppError('FORBIDDEN', '诉求由所在支部受理和办理，请等待支部答复');
        }
        throw serviceNotFound();
      }
      const last = doc.steps[doc.steps.length - 1];
      if (
        doc.version === version + 1 &&
        last.by === key &&
        last.kind === change.kind &&
        last.text === change.text &&
        JSON.stringify(last.helper) === JSON.stringify(change.helper)
      ) {
        return toServiceRequestView(doc, access);
      }
      if (doc.version !== version) throw serviceConflict();
      if (doc.status === 'closed') throw new AppError('SERVICE_CLOSED', '这条诉求已经办结');
      if (change.kind === 'taken' && doc.status !== 'asked') {
        throw new AppError('SERVICE_ALREADY_TAKEN', '这条诉求已经受理过了');
      }
      const step: ServiceStepRecord = {
        kind: change.kind,
        at: timestamp(ctx.deps.clock),
        by: key,
        byName: actingName(access, doc.branchPath) ?? '支部',
        text: change.text,
        helper: change.helper,
      };
      const patch = patchFor(doc, step, shanghaiDate(ctx.deps.clock));
      // The member is told of each step; the step's number makes the outbox entry's id.
      const next = await store.transaction(async (tx) => {
        const [version] = await Promise.all([
          tx.update(COLLECTIONS.serviceRequests, doc._id, doc.version, patch),
          enqueueNotification(tx, {
            kind: 'service_step',
            causeId: `${doc._id}_${doc.steps.length + 1}`,
            to: { kind: 'user', openid: doc.memberOpenid },
            fields: { subject: doc.title, detail: STEP_WORDS[change.kind], time: step.at },
            page: `pages/service-request/service-request?serviceId=${doc._id}`,
            at: step.at,
          }),
        ]);
        return version;
      });
      return toServiceRequestView({ ...doc, ...patch, version: next }, access);
    },
    () => serviceConflict(),
  );
}

export function takeService(ctx: ServiceContext, input: ParsedInput<'service.take'>): Promise<ActionOutput<'service.take'>> {
  return applyStep(ctx, input.serviceId, input.version, { kind: 'taken', text: '', helper: null });
}

export function answerService(
  ctx: ServiceContext,
  input: ParsedInput<'service.answer'>,
): Promise<ActionOutput<'service.answer'>> {
  return applyStep(ctx, input.serviceId, input.version, { kind: 'answered', text: input.text, helper: null });
}

export function handOnService(
  ctx: ServiceContext,
  input: ParsedInput<'service.handOn'>,
): Promise<ActionOutput<'service.handOn'>> {
  return applyStep(ctx, input.serviceId, input.version, { kind: 'handed_on', text: input.text, helper: input.helper });
}

export function closeService(ctx: ServiceContext, input: ParsedInput<'service.close'>): Promise<ActionOutput<'service.close'>> {
  return applyStep(ctx, input.serviceId, input.version, { kind: 'closed', text: input.outcome, helper: null });
}

export async function getService(ctx: ServiceContext, input: ParsedInput<'service.get'>): Promise<ActionOutput<'service.get'>> {
  const [doc, access] = await Promise.all([
    ctx.deps.store.get<ServiceRequestRecord>(COLLECTIONS.serviceRequests, input.serviceId),
    loadAccess(ctx),
  ]);
  if (!doc) throw serviceNotFound();
  if (doc.memberOpenid !== callerOpenid(ctx.caller) && !access.manages(doc.branchPath)) throw serviceNotFound();
  return toServiceRequestView(doc, access);
}

export async function myServices(ctx: ServiceContext, input: ParsedInput<'service.mine'>): Promise<ActionOutput<'service.mine'>> {
  const member = await requireOwnMember(ctx);
  const page = await ctx.deps.store.find<ServiceRequestRecord>(COLLECTIONS.serviceRequests, {
    where: { memberId: member._id },
    orderBy: [{ field: 'askedAt', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  // The member's own requests: whatever roles the member holds elsewhere, here they only read.
  return { items: page.items.map((doc) => toServiceRequestView(doc, null)), nextCursor: page.nextCursor };
}

export async function listServices(
  ctx: ServiceContext,
  input: ParsedInput<'service.list'>,
): Promise<ActionOutput<'service.list'>> {
  const { org, access } = await requireManagedOrganization(ctx, input.orgId);
  const page = await ctx.deps.store.find<ServiceRequestRecord>(COLLECTIONS.serviceRequests, {
    where: { ...underPath('branchPath', org.path), ...(input.openOnly ? { openRank: 0 } : {}) },
    orderBy: [
      { field: 'branchPath', direction: 'asc' },
      { field: 'openRank', direction: 'asc' },
      { field: 'askedAt', direction: 'desc' },
    ],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map((doc) => toServiceRequestView(doc, access)), nextCursor: page.nextCursor };
}

/**
 * The requests a report carries home: those the member shared with home, at the report's
 * branch, asked by the period's end and still open at its start (asked in it, open through it,
 * or closed in it), as they stand when the figures are counted (a request closed since says what
 * was done); never the detail, which stays with the branch.
 */
export async function serviceRequestsInPeriod(
  deps: ServiceDeps,
  memberId: string,
  branchId: string | null,
  period: Period,
): Promise<ReportServiceRequest[]> {
  if (!branchId) return [];
  const page = await deps.store.find<ServiceRequestRecord>(COLLECTIONS.serviceRequests, {
    where: { memberId },
    orderBy: [{ field: 'askedAt', direction: 'desc' }],
    limit: REPORT_REQUEST_LIMIT,
  });
  return page.items
    .filter(
      (doc) =>
        doc.shareWithHome &&
        doc.branchId === branchId &&
        doc.askedOn <= period.end &&
        (doc.closedOn === null || doc.closedOn >= period.start),
    )
    .sort((a, b) => a.askedAt.localeCompare(b.askedAt))
    .map((doc) => ({
      askedOn: doc.askedOn,
      kind: doc.kind,
      title: doc.title,
      status: doc.status,
      helperUnit: doc.helper?.unit ?? null,
      outcome: doc.outcome,
      closedOn: doc.closedOn,
    }));
}
