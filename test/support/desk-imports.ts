import type { ActionInput, ActionName, ActionOutput, ActionResult } from '../../server/contract';
import { activeRolesOf } from '../../server/services/access';
import { type Caller, callerKey } from '../../server/services/context';
import { dispatch } from '../../server/router/router';
import type { RoleRecord } from '../../server/services/records';
import { COLLECTIONS } from '../../server/store/indexes';
import { recordOf } from '../../server/store/saving';
import type { Harness } from './harness';

/**
 * The desk session of the official with this OPENID, holding exactly that official's roles (as
 * desk sessions do). Until the desk's sign-in gives a desk caller the official's OPENID, the
 * roles are copied under the desk caller's key, once per harness and official.
 */
const prepared = new WeakMap<Harness, Map<string, Caller>>();

export async function deskCallerOf(h: Harness, openid: string): Promise<Caller> {
  const known = prepared.get(h) ?? new Map<string, Caller>();
  prepared.set(h, known);
  const cached = known.get(openid);
  if (cached) return cached;
  const caller: Caller = { kind: 'desk', userId: openid, sessionId: `s_${openid}` };
  const roles = await activeRolesOf(h.deps.store, openid);
  for (const role of roles) {
    await h.deps.store.insert<RoleRecord>(COLLECTIONS.roles, {
      ...recordOf(role),
      _id: `${role._id}_desk`,
      openid: callerKey(caller),
    });
  }
  known.set(openid, caller);
  return caller;
}

/** Calls an action from the desk session of `openid` and returns the raw envelope. */
export async function fromDesk<K extends ActionName>(
  h: Harness,
  openid: string,
  action: K,
  input: ActionInput<K>,
): Promise<ActionResult<ActionOutput<K>>> {
  return (await dispatch(h.deps, await deskCallerOf(h, openid), action, input, () => undefined)) as ActionResult<ActionOutput<K>>;
}

/** {@link fromDesk}, failing the test unless it succeeds. */
export async function fromDeskOk<K extends ActionName>(
  h: Harness,
  openid: string,
  action: K,
  input: ActionInput<K>,
): Promise<ActionOutput<K>> {
  const result = await fromDesk(h, openid, action, input);
  if (!result.ok) throw new Error(`${action} from the desk of ${openid} failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** Sends a file through `file.uploadPart` in parts of `partBytes`, as the desk does; returns the upload id. */
export async function uploadFile(
  h: Harness,
  openid: string,
  content: Buffer,
  options: {
    fileName?: string;
    contentType?: ActionInput<'file.uploadPart'>['contentType'];
    uploadId?: string;
    partBytes?: number;
  } = {},
): Promise<string> {
  const { createHash } = await import('node:crypto');
  const uploadId = options.uploadId ?? `up-${createHash('sha256').update(content).digest('hex').slice(0, 20)}`;
  const partBytes = options.partBytes ?? 64 * 1024;
  const partCount = Math.max(1, Math.ceil(content.length / partBytes));
  const sha256 = createHash('sha256').update(content).digest('hex');
  const fileName = options.fileName ?? 'list.xlsx';
  const contentType =
    options.contentType ??
    (fileName.endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  for (let partNumber = 0; partNumber < partCount; partNumber += 1) {
    await fromDeskOk(h, openid, 'file.uploadPart', {
      uploadId,
      fileName,
      contentType,
      totalSize: content.length,
      sha256,
      partCount,
      partNumber,
      data: content.subarray(partNumber * partBytes, (partNumber + 1) * partBytes).toString('base64'),
    });
  }
  return uploadId;
}
