import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { BlobStorage } from './file-store';

/**
 * The bytes of the local file port: one file per blob in a folder (under DATA_DIR for `npm
 * start`). A blob is written to a temporary name and renamed, so a killed write never leaves a
 * half file under a real name.
 */
export function folderBlobs(root: string): BlobStorage {
  const base = resolve(root);
  const pathOf = (handle: string) => {
    const path = resolve(base, handle);
    // Handles are names the file store made; refusing anything outside the folder is cheap insurance.
    if (!path.startsWith(base + sep)) throw new Error(`Blob handle outside the folder: ${handle}`);
    return path;
  };
  return {
    async write(name, content) {
      const path = pathOf(name);
      await mkdir(dirname(path), { recursive: true });
      const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
      await writeFile(partial, content);
      await rename(partial, path);
      return name;
    },
    async read(handle) {
      try {
        return await readFile(pathOf(handle));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async remove(handle) {
      await rm(pathOf(handle), { force: true });
    },
  };
}

/** Where `npm start` keeps its files. */
export function localFilesDir(dataDir: string): string {
  return join(dataDir, 'files');
}
