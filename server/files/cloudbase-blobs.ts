import type { CloudbaseApp } from '../store/cloudbase/cloudbase-document-store';
import type { BlobStorage } from './file-store';

/**
 * The bytes of the file port in production: CloudBase cloud storage through node-sdk
 * (`uploadFile`, `downloadFile`, `deleteFile`). The handle is the cloud file id the upload
 * returns (`cloud://<env>.<bucket>/<path>`).
 */

/** The code storage answers for a file id that has no file (per file, in the batch answers). */
const NO_SUCH_FILE = 'STORAGE_FILE_NONEXIST';

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function cloudbaseBlobs(app: CloudbaseApp): BlobStorage {
  return {
    async write(name, content) {
      const { fileID } = await app.uploadFile({ cloudPath: name, fileContent: content });
      return fileID;
    },
    async read(handle) {
      try {
        const { fileContent } = await app.downloadFile({ fileID: handle });
        // Without a temporary file path the SDK answers the raw bytes.
        if (fileContent === undefined) return null;
        return Buffer.isBuffer(fileContent) ? fileContent : Buffer.from(fileContent);
      } catch (error) {
        if (codeOf(error) === NO_SUCH_FILE) return null;
        throw error;
      }
    },
    async remove(handle) {
      const result = await app.deleteFile({ fileList: [handle] });
      for (const file of result.fileList ?? []) {
        if (file.code !== 'SUCCESS' && file.code !== NO_SUCH_FILE) {
          throw new Error(`Cloud storage could not delete ${handle}: ${file.code}`);
        }
      }
    },
  };
}
