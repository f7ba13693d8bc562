import type { ActionInput, UploadView } from '../../../../server/contract';
import { type ClientError, api } from '../../api';
import { newRequestId } from '../../lib/shared-with-phone';

/** 64 KiB of bytes is 87,384 characters of base64: each request stays under CloudBase's 100 KB body. */
export const PART_BYTES = 64 * 1024;

type UploadType = ActionInput<'file.uploadPart'>['contentType'];

/** The type the api takes, from the file's name (browsers do not agree on a csv's MIME type). */
export function uploadTypeOf(file: File): UploadType | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (name.endsWith('.csv')) return 'text/csv';
  return null;
}

function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function sha256Of(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Sends the file through `file.uploadPart` in order, part by part; a part that fails for the
 * network is sent again (a part sent twice is harmless). When every part is in and none said the
 * upload is complete (two desks racing), the last part is sent once more to complete it.
 */
export async function uploadInParts(
  file: File,
  onProgress: (sentBytes: number) => void,
): Promise<{ ok: true; uploadId: string } | { ok: false; error: ClientError }> {
  const contentType = uploadTypeOf(file);
  if (!contentType) return { ok: false, error: { code: 'BAD_REQUEST', message: '只能上传 xlsx 或 csv 文件', field: 'file' } };
  const buffer = await file.arrayBuffer();
  const bytes = new Uint8Array(buffer);
  const sha256 = await sha256Of(buffer);
  const uploadId = newRequestId();
  const partCount = Math.max(1, Math.ceil(bytes.length / PART_BYTES));
  const send = async (partNumber: number) => {
    const input: ActionInput<'file.uploadPart'> = {
      uploadId,
      fileName: file.name,
      contentType,
      totalSize: bytes.length,
      sha256,
      partCount,
      partNumber,
      data: base64Of(bytes.subarray(partNumber * PART_BYTES, (partNumber + 1) * PART_BYTES)),
    };
    let result = await api.call('file.uploadPart', input);
    if (!result.ok && result.error.code === 'NETWORK') result = await api.call('file.uploadPart', input);
    return result;
  };
  let last: UploadView | null = null;
  for (let partNumber = 0; partNumber < partCount; partNumber += 1) {
    const result = await send(partNumber);
    if (!result.ok) return result;
    last = result.data;
    onProgress(Math.min(bytes.length, (partNumber + 1) * PART_BYTES));
  }
  if (last && !last.complete) {
    const again = await send(partCount - 1);
    if (!again.ok) return again;
    if (!again.data.complete) return { ok: false, error: { code: 'INTERNAL', message: '文件没有传完整，请重新上传' } };
  }
  return { ok: true, uploadId };
}
