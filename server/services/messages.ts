import type { ActionOutput, MessageKind, MessageView, NotificationKind, ParsedInput } from '../contract';
import type { DocumentStore, Filter, StoredDocument, TransactionStore } from '../store/document-store';
import { COLLECTIONS, MESSAGE_REACH_KEYS, type MessageReachKey } from '../store/indexes';
import { insertIfAbsent } from '../store/saving';
import type { ServiceContext } from './context';
import { enqueueNotification } from './notifications';
import { pathIds, requireManagedOrganization } from './organizations';
import type { JobRunRecord, MessageRecord, OrganizationRecord } from './records';

export type MessageDoc = StoredDocument<MessageRecord>;

/*
 * An organization reads the messages of those below it with one index range on the key of its
 * depth (province, city, county, town, village, general branch and branch fit with room). One
 * deeper than the keys reads its own messages only.
 */

/** The `reach` of a message to the organization at `orgPath`: who is on its path, by depth. */
export function messageReach(orgPath: string): Partial<Record<MessageReachKey, string>> {
  const reach: Partial<Record<MessageReachKey, string>> = {};
  pathIds(orgPath)
    .slice(0, MESSAGE_REACH_KEYS.length)
    .forEach((orgId, depth) => {
      reach[MESSAGE_REACH_KEYS[depth]] = orgId;
    });
  return reach;
}

/**
 * The subscribe message each kind of message also goes out as, to the same organization's
 * secretaries and admins; null: the message list is enough. A new message kind must say.
 */
const NOTIFICATION_OF: Record<MessageKind, { kind: NotificationKind; detail: string } | null> = {
  report_overdue: { kind: 'report_overdue', detail: '有反馈报告逾期未提交' },
  talk_due: { kind: 'talk_due', detail: '有应开展的谈心谈话' },
  report_received: { kind: 'report_received', detail: '收到流入地党组织的反馈报告' },
  report_replied: { kind: 'report_replied', detail: '反馈报告收到新留言' },
  report_acknowledged: null,
  life_warning: { kind: 'member_flagged', detail: '有党员长期未参加组织生活' },
  life_escalation: { kind: 'member_flagged', detail: '有党员长期未参加组织生活' },
  // The member's own kind (placement_ended) is theirs alone: the organizations are told as news of a member.
  placement_ended: { kind: 'member_left', detail: '有党员离开流入地支部' },
  member_returned: { kind: 'return_recorded', detail: '有党员已返回流出地' },
  lost_contact_proposed: { kind: 'member_flagged', detail: '有党员可能失联，请核实' },
  lost_contact_marked: { kind: 'lost_contact_recorded', detail: '有党员被标记失联' },
  lost_contact_found: { kind: 'lost_contact_recorded', detail: '失联党员已找到' },
  transfer_proposed: { kind: 'transfer_step', detail: '有组织关系转接提议待答复' },
  transfer_agreed: { kind: 'transfer_step', detail: '组织关系转接已同意，待登记办结' },
  transfer_refused: { kind: 'transfer_step', detail: '组织关系转接未获同意' },
  transfer_completed: { kind: 'transfer_step', detail: '组织关系转接已办结' },
  transfer_waiting: { kind: 'transfer_step', detail: '有组织关系转接等待办理' },
  service_asked: { kind: 'service_waiting', detail: '有党员提出服务诉求' },
  service_unanswered: { kind: 'service_waiting', detail: '有服务诉求超时未答复' },
  service_escalated: { kind: 'service_waiting', detail: '下级支部有服务诉求超时未答复' },
};

/** Where a subscribe message about an organization's message opens: the report, else the list. */
function messagePage(message: MessageRecord): string {
  return message.reportId ? `pages/report/report?reportId=${message.reportId}` : `pages/messages/messages?orgId=${message.orgId}`;
}

/** Posted before organizations above could read it: the backfill job adds the keys. */
export function needsMessageReach(message: MessageRecord): boolean {
  return message.reach === undefined;
}

/**
 * The run of the `record_backfills` job that adds `reach` to older messages (the job takes its
 * name and key from here). Until it has finished, a list also finds the organization's own
 * messages by `orgId`, so nothing an organization was told goes missing in between.
 */
export const REACH_BACKFILL_RUN = { job: 'record_backfills', runKey: '2026-12' } as const;

async function reachBackfilled(store: DocumentStore): Promise<boolean> {
  const run = await store.get<JobRunRecord>(COLLECTIONS.jobRuns, `${REACH_BACKFILL_RUN.job}_${REACH_BACKFILL_RUN.runKey}`);
  return run !== null && run.finishedAt !== null;
}

/** The indexed field an organization at `path` reads its messages and those below it by. */
export function messageReachField(path: string): string | null {
  const depth = pathIds(path).length - 1;
  return depth < MESSAGE_REACH_KEYS.length ? `reach.${MESSAGE_REACH_KEYS[depth]}` : null;
}

/**
 * Posts a message to whoever manages an organization (and, through `reach`, to whoever manages
 * one above it), and puts its subscribe message to the organization's own people in the outbox
 * with it. The id is chosen by the caller from the message's cause (e.g.
 * `msg_overdue_<branch>_<date>`), so posting it again is a no-op: a rerun job or a retried
 * request never tells anybody twice. Returns whether it was new.
 *
 * The outbox entry is enqueued every time: outside a transaction (a job) a crash between the
 * two writes leaves the entry, and the rerun, finding the message, writes nothing more.
 */
export async function postMessage(store: TransactionStore, id: string, message: MessageRecord): Promise<boolean> {
  const notification = NOTIFICATION_OF[message.kind];
  // Sent together (one round trip fewer inside a report's transaction): the outbox entry is
  // enqueued every time, so a crash between the two writes outside a transaction leaves
  // nothing the rerun does not write.
  const [, created] = await Promise.all([
    notification
      ? enqueueNotification(store, {
          kind: notification.kind,
          causeId: id,
          to: { kind: 'org', orgId: message.orgId },
          fields: { subject: message.title, detail: notification.detail, time: message.createdAt },
          page: messagePage(message),
          at: message.createdAt,
        })
      : null,
    insertIfAbsent<MessageRecord>(store, COLLECTIONS.messages, {
      _id: id,
      ...message,
      reach: messageReach(message.orgPath),
    }),
  ]);
  return created;
}

export function toMessageView(message: MessageDoc, addressedTo: MessageView['addressedTo'] = null): MessageView {
  return {
    messageId: message._id,
    kind: message.kind,
    title: message.title,
    body: message.body,
    reportId: message.reportId,
    memberId: message.memberId,
    createdAt: message.createdAt,
    addressedTo,
  };
}

/** An organization's 提醒: what it was told and what the organizations below it were told, newest first. */
export async function listMessages(
  ctx: ServiceContext,
  input: ParsedInput<'message.list'>,
): Promise<ActionOutput<'message.list'>> {
  const [{ org }, backfilled] = await Promise.all([
    requireManagedOrganization(ctx, input.orgId),
    reachBackfilled(ctx.deps.store),
  ]);
  const reachField = messageReachField(org.path);
  const where: Filter = !reachField
    ? { orgId: org._id }
    : backfilled
      ? { [reachField]: org._id }
      : { $or: [{ [reachField]: org._id }, { orgId: org._id }] };
  const page = await ctx.deps.store.find<MessageRecord>(COLLECTIONS.messages, {
    where,
    orderBy: [{ field: 'createdAt', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  // The names of the organizations below that the page's messages went to, in one read.
  const belowIds = [...new Set(page.items.map((message) => message.orgId).filter((orgId) => orgId !== org._id))];
  const below =
    belowIds.length === 0
      ? []
      : (
          await ctx.deps.store.find<OrganizationRecord>(COLLECTIONS.organizations, {
            where: { _id: { $in: belowIds } },
            limit: belowIds.length,
          })
        ).items;
  const nameOf = new Map(below.map((found) => [found._id, found.name]));
  return {
    items: page.items.map((message) =>
      toMessageView(
        message,
        message.orgId === org._id ? null : { orgId: message.orgId, name: nameOf.get(message.orgId) ?? '下级组织' },
      ),
    ),
    nextCursor: page.nextCursor,
  };
}
