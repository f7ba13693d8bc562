import type { ActionInput, ActionName, ActionOutput, ActionResult } from '../../server/contract';
import type { Caller } from '../../server/services/context';
import { dispatch } from '../../server/router/router';
import type { Harness } from './harness';

/**
 * The desk session of the official with this OPENID: a desk session is its official's, with
 * exactly their roles (the desk's sign-in and its session lifetimes are tested on their own).
 */
export async function deskCallerOf(_h: Harness, openid: string): Promise<Caller> {
  return { kind: 'desk', openid, sessionId: `s_${openid}` };
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
