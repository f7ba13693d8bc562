import { api, deskMessage } from '../../api';

/** Bytes of one part as the server sends it (base64). */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Fetches an export's file part by part (`file.download`, each under the api's body limit),
 * checks the whole against the size and checksum the server gave, and saves it under its name.
 */
export async function downloadExport(
  jobId: string,
  progress: (partsDone: number) => void,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let parts = 1;
  let meta: { fileName: string; contentType: string; size: number; sha256: string } | null = null;
  for (let part = 0; part < parts; part += 1) {
    const result = await api.call('file.download', { jobId, part });
    if (!result.ok) return { ok: false, message: deskMessage(result.error) };
    parts = result.data.parts;
    meta = result.data;
    chunks.push(decodeBase64(result.data.dataBase64));
    progress(part + 1);
  }
  if (!meta) return { ok: false, message: '没有下载到文件' };
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  if (bytes.length !== meta.size || (await sha256Hex(bytes)) !== meta.sha256) {
    return { ok: false, message: '文件下载不完整，请再下载一次' };
  }
  const url = URL.createObjectURL(new Blob([bytes], { type: meta.contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = meta.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true };
}
