import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Where verified photo bytes live, by SHA-256. The disk store is the default; an S3-compatible store can
 * implement the same three calls (putFile uploads the verified staged file, then the staging copy is removed).
 */
export interface PhotoBlobStore {
  has(sha256: string): Promise<boolean>;
  /** Takes ownership of a staged file whose hash was verified. */
  putFile(sha256: string, stagedPath: string): Promise<void>;
  read(sha256: string): Promise<Uint8Array | null>;
}

export function createDiskBlobStore(dir: string): PhotoBlobStore {
  const pathOf = (sha: string) => join(dir, sha.slice(0, 2), sha);
  return {
    async has(sha) {
      return stat(pathOf(sha)).then(
        () => true,
        () => false,
      );
    },
    async putFile(sha, stagedPath) {
      await mkdir(dirname(pathOf(sha)), { recursive: true });
      await rename(stagedPath, pathOf(sha));
    },
    async read(sha) {
      return readFile(pathOf(sha)).catch(() => null);
    },
  };
}
