import type { ActionOutput, MessageView, ParsedInput } from '../contract';
import type { StoredDocument, TransactionStore } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertIfAbsent } from '../store/saving';
import type { ServiceContext } from './context';
import { requireManagedOrganization } from './organizations';
import type { MessageRecord } from './records';

export type MessageDoc = StoredDocument<MessageRecord>;

/**
 * Posts a message to whoever manages an organization. The id is chosen by the caller from the
 * message's cause (e.g. `msg_overdue_<branch>_<date>`), so posting it again is a no-op: a
 * rerun job or a retried request never tells anybody twice. Returns whether it was new.
 */
export async function postMessage(store: TransactionStore, id: string, message: MessageRecord): Promise<boolean> {
  return insertIfAbsent<MessageRecord>(store, COLLECTIONS.messages, { _id: id, ...message });
}

export function toMessageView(message: MessageDoc): MessageView {
  return {
    messageId: message._id,
    kind: message.kind,
    title: message.title,
    body: message.body,
    reportId: message.reportId,
    memberId: message.memberId,
    createdAt: message.createdAt,
  };
}

export async function listMessages(
  ctx: ServiceContext,
  input: ParsedInput<'message.list'>,
): Promise<ActionOutput<'message.list'>> {
  const { org } = await requireManagedOrganization(ctx, input.orgId);
  const page = await ctx.deps.store.find<MessageRecord>(COLLECTIONS.messages, {
    where: { orgId: org._id },
    orderBy: [{ field: 'createdAt', direction: 'desc' }],
    limit: input.limit,
    cursor: input.cursor,
  });
  return { items: page.items.map(toMessageView), nextCursor: page.nextCursor };
}
