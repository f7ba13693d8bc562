import { createHash } from 'node:crypto';
import { AppError } from './app-error';
import type { ActionOutput, ParsedInput, UploadView } from '../contract';
import { timestamp } from '../lib/time';
import type { StoredDocument } from '../store/document-store';
import { COLLECTIONS } from '../store/indexes';
import { insertOrGet, isWriteConflict, recordOf, saveVersioned } from '../store/saving';
import { type Access, loadAccess } from './access';
import { type ServiceContext, callerKey, callerOpenid } from './context';
import type { UploadPartRecord, UploadRecord } from './records';

/**
 * A file sent from the desk through the api in parts, each under the 100 KB a CloudBase text
 * body may hold: every part names the upload id, its number, the part count and the whole
 * file's size and SHA-256. A part sent again lands on itself. When the last part is in, the
 * parts are joined, checked against the size and checksum, and the file goes into the FileStore
 * under `uploads/<upload record id>`; an import then names the upload id.
 */

export type UploadDoc = StoredDocument<UploadRecord>;

/** The upload ids are the sender's own: two desks choosing the same id never meet. */
export function uploadRecordId(uploadedBy: string, uploadId: string): string {
  return `upl_${createHash('sha256').update(`${uploadedBy}|${uploadId}`).digest('hex').slice(0, 32)}`;
}

function partId(recordId: string, partNumber: number): string {
  return `${recordId}_${partNumber}`;
}

function toUploadView(doc: UploadDoc, receivedParts: number): UploadView {
  return {
    uploadId: doc.uploadId,
    fileName: doc.fileName,
    partCount: doc.partCount,
    receivedParts,
    complete: doc.status === 'complete',
    size: doc.totalSize,
    sha256: doc.sha256,
  };
}

/** Uploading is desk work for those who import: an organization's admin (or the system admin), at a desk. */
export function requireImporter(ctx: ServiceContext, access: Access): void {
  if (callerOpenid(ctx.caller) !== null) throw new AppError('FORBIDDEN', '上传和导入文件请在电脑端（组织工作台）进行');
  if (!access.isSystemAdmin && !access.roles.some((role) => role.role === 'org_admin')) {
    throw new AppError('FORBIDDEN', '只有组织管理员可以上传和导入文件');
  }
}

function sameUpload(doc: UploadRecord, input: ParsedInput<'file.uploadPart'>): boolean {
  return (
    doc.fileName === input.fileName &&
    doc.contentType === input.contentType &&
    doc.totalSize === input.totalSize &&
    doc.sha256 === input.sha256 &&
    doc.partCount === input.partCount
  );
}

export async function uploadPart(
  ctx: ServiceContext,
  input: ParsedInput<'file.uploadPart'>,
): Promise<ActionOutput<'file.uploadPart'>> {
  const { store } = ctx.deps;
  const uploadedBy = callerKey(ctx.caller);
  const id = uploadRecordId(uploadedBy, input.uploadId);
  const now = timestamp(ctx.deps.clock);
  const fresh: UploadRecord = {
    uploadedBy,
    uploadId: input.uploadId,
    fileName: input.fileName,
    contentType: input.contentType,
    totalSize: input.totalSize,
    sha256: input.sha256,
    partCount: input.partCount,
    status: 'receiving',
    fileKey: null,
    createdAt: now,
    completedAt: null,
  };
  const newPart: UploadPartRecord & { _id: string } = {
    _id: partId(id, input.partNumber),
    uploadRecordId: id,
    partNumber: input.partNumber,
    data: input.data,
    createdAt: now,
  };
  // The caller's roles, the upload and this part are read together; what is missing is then
  // written together (each a round trip on CloudBase).
  const [access, known, sent] = await Promise.all([
    loadAccess(ctx),
    store.get<UploadRecord>(COLLECTIONS.uploads, id),
    store.get<UploadPartRecord>(COLLECTIONS.uploadParts, newPart._id),
  ]);
  requireImporter(ctx, access);
  if (input.partNumber >= input.partCount) {
    throw new AppError('BAD_REQUEST', '分段序号超出了分段数', { field: 'partNumber' });
  }
  if (Buffer.from(input.data, 'base64').length === 0) throw new AppError('BAD_REQUEST', '分段内容是空的', { field: 'data' });
  if (known && !sameUpload(known, input)) throw uploadIdTaken();
  if (known?.status === 'complete') return toUploadView(known, known.partCount);
  if (sent && sent.data !== input.data) throw partDiffers(input.partNumber);

  // The other parts are counted while this one is written, so this one counts once, whoever
  // wrote it; with the last part by number (the desk sends them in order) they are read instead,
  // ready to be joined.
  const isLast = input.partNumber === input.partCount - 1;
  const [written, part, others] = await Promise.all([
    known ? known : insertOrGet<UploadRecord>(store, COLLECTIONS.uploads, { _id: id, ...fresh }).then((made) => made.doc),
    sent ? sent : insertOrGet<UploadPartRecord>(store, COLLECTIONS.uploadParts, newPart).then((made) => made.doc),
    isLast
      ? otherParts(ctx, id, input.partNumber)
      : store.count(COLLECTIONS.uploadParts, { uploadRecordId: id, partNumber: { $ne: input.partNumber } }),
  ]);
  // Another request of the same upload may have written either first.
  if (!sameUpload(written, input)) throw uploadIdTaken();
  if (part.data !== input.data) throw partDiffers(input.partNumber);
  if (written.status === 'complete') return toUploadView(written, written.partCount);

  const received = (typeof others === 'number' ? others : others.length) + 1;
  if (received < written.partCount) return toUploadView(written, received);
  const parts = typeof others === 'number' ? await otherParts(ctx, id, null) : [...others, part];
  parts.sort((a, b) => a.partNumber - b.partNumber);
  return toUploadView(await completeUpload(ctx, written, parts), written.partCount);
}

/** The upload's parts, but for `except`, in order. */
async function otherParts(ctx: ServiceContext, id: string, except: number | null): Promise<UploadPartRecord[]> {
  const parts: UploadPartRecord[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: StoredDocument<UploadPartRecord>[]; nextCursor: string | null } =
      await ctx.deps.store.find<UploadPartRecord>(COLLECTIONS.uploadParts, {
        where: { uploadRecordId: id, ...(except === null ? {} : { partNumber: { $ne: except } }) },
        orderBy: [{ field: 'partNumber', direction: 'asc' }],
        limit: 50,
        cursor,
      });
    parts.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return parts;
}

function uploadIdTaken(): AppError {
  return new AppError('CONFLICT', '这个上传编号已用于另一个文件，请重新选择文件上传', { field: 'uploadId' });
}

function partDiffers(partNumber: number): AppError {
  return new AppError('CONFLICT', `第 ${partNumber + 1} 段与先前收到的不同，请重新上传这个文件`, { field: 'data' });
}

/** Joins the parts, checks them and stores the file; a second caller finishing at once lands on the same file. */
async function completeUpload(ctx: ServiceContext, upload: UploadDoc, parts: UploadPartRecord[]): Promise<UploadDoc> {
  const { store, files } = ctx.deps;
  const chunks = parts.map((part) => Buffer.from(part.data, 'base64'));
  const content = Buffer.concat(chunks);
  if (content.length !== upload.totalSize) {
    throw new AppError('BAD_REQUEST', `收到的文件有 ${content.length} 字节，与应有的 ${upload.totalSize} 字节不符，请重新上传`, {
      field: 'totalSize',
    });
  }
  if (createHash('sha256').update(content).digest('hex') !== upload.sha256) {
    throw new AppError('BAD_REQUEST', '收到的文件与校验值不符，请重新上传', { field: 'sha256' });
  }
  const fileKey = `uploads/${upload._id.replace(/_/g, '-')}`;
  await files.put(fileKey, content, upload.contentType);
  const patch = { status: 'complete' as const, fileKey, completedAt: timestamp(ctx.deps.clock) };
  let current: UploadDoc | null = upload;
  // Saved on the version read at the start; a concurrent last part may have completed it first.
  for (;;) {
    if (!current) throw new Error(`Upload ${upload._id} vanished`);
    if (current.status === 'complete') return current;
    try {
      return await saveVersioned(
        store,
        COLLECTIONS.uploads,
        current._id,
        current.version,
        { ...recordOf(current), ...patch },
        patch,
      );
    } catch (error) {
      if (!isWriteConflict(error)) throw error;
      current = await store.get<UploadRecord>(COLLECTIONS.uploads, upload._id);
    }
  }
}

export function uploadNotFound(): AppError {
  return new AppError('NOT_FOUND', '找不到这个上传的文件，请重新上传', { field: 'uploadId' });
}

/** The caller's own complete upload; anyone else's, or an unfinished one, is none. */
export async function findUpload(ctx: ServiceContext, uploadId: string): Promise<UploadDoc | null> {
  const upload = await ctx.deps.store.get<UploadRecord>(COLLECTIONS.uploads, uploadRecordId(callerKey(ctx.caller), uploadId));
  return upload && upload.status === 'complete' && upload.fileKey ? upload : null;
}

/** The bytes of a complete upload. */
export async function readUploadContent(ctx: ServiceContext, upload: UploadDoc): Promise<Buffer> {
  const file = upload.fileKey ? await ctx.deps.files.get(upload.fileKey) : null;
  if (!file) throw uploadNotFound();
  return file.content;
}
