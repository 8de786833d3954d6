import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import type { PhotoBlobStore } from './blob-store.js';

/** An S3-compatible bucket for photo and signature bytes (OBJECT_STORE_* variables; see docs/SCALE.md). */
export interface ObjectStoreConfig {
  bucket: string;
  /** The service's URL (MinIO, a cloud provider's S3-compatible endpoint); absent: AWS itself, by region. */
  endpoint?: string | undefined;
  region: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** bucket in the path (http://host/bucket/key) rather than the host name: what most self-hosted services need. */
  forcePathStyle: boolean;
  /** Prepended to every key, so one bucket can hold several deployments. */
  prefix: string;
}

const isMissing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err.name === 'NotFound' || err.name === 'NoSuchKey' || err.$metadata?.httpStatusCode === 404;
};

/**
 * Photos (and signatures, which are stored as photos) by SHA-256 in an S3-compatible bucket, so every server
 * instance reads what any of them stored. The SDK is loaded on first use: a server on disk never loads it.
 * The bytes are immutable and named by their hash, so a put that races another of the same photo is harmless.
 */
export function createS3BlobStore(config: ObjectStoreConfig, makeClient?: () => Promise<S3Client>): PhotoBlobStore {
  const keyOf = (sha: string) => `${config.prefix}${sha.slice(0, 2)}/${sha}`;
  let client: Promise<{ s3: S3Client; sdk: typeof S3Sdk }> | undefined;
  const connect = () =>
    (client ??= import('@aws-sdk/client-s3').then(async (sdk) => ({
      sdk,
      s3:
        (await makeClient?.()) ??
        new sdk.S3Client({
          region: config.region,
          forcePathStyle: config.forcePathStyle,
          // The SDK's default adds CRC checksums in an aws-chunked body, which many S3-compatible services (and
          // emulators) store verbatim instead of decoding; the bytes are verified by their SHA-256 before the put.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
          ...(config.endpoint ? { endpoint: config.endpoint } : {}),
          ...(config.accessKeyId && config.secretAccessKey ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } } : {}),
        }),
    })));
  return {
    async has(sha) {
      const { s3, sdk } = await connect();
      try {
        await s3.send(new sdk.HeadObjectCommand({ Bucket: config.bucket, Key: keyOf(sha) }));
        return true;
      } catch (e) {
        if (isMissing(e)) return false;
        throw e;
      }
    },
    async putFile(sha, stagedPath) {
      const { s3, sdk } = await connect();
      const { size } = await stat(stagedPath);
      await s3.send(new sdk.PutObjectCommand({ Bucket: config.bucket, Key: keyOf(sha), Body: createReadStream(stagedPath), ContentLength: size }));
      // Only once the bucket holds the bytes is the verified staging copy let go.
      await rm(stagedPath, { force: true });
    },
    async read(sha) {
      const { s3, sdk } = await connect();
      try {
        const got = await s3.send(new sdk.GetObjectCommand({ Bucket: config.bucket, Key: keyOf(sha) }));
        return got.Body ? await got.Body.transformToByteArray() : null;
      } catch (e) {
        if (isMissing(e)) return null;
        throw e;
      }
    },
  };
}
