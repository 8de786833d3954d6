import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { ObjectStoreConfig } from '../photos/s3-blob-store.js';

export interface ObjectStoreServer {
  config: ObjectStoreConfig;
  /** Where the emulator keeps the bucket's objects on disk (to show bytes landed there). */
  directory: string;
  stop(): Promise<void>;
}

/** An S3-compatible server on loopback (s3rver, an npm emulator), with one empty bucket. */
export async function startObjectStoreServer(bucket = 'tiaojie-photos'): Promise<ObjectStoreServer> {
  const directory = mkdtempSync(join(tmpdir(), 'tiaojie-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    // s3rver accepts these fixed credentials (and signs like S3: the SDK's real request signing is exercised).
    config: { bucket, endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true, prefix: 'photos/' },
    directory,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
