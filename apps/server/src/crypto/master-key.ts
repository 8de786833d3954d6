import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the master key comes from: MASTER_KEY (base64 of 32 bytes) wins over KEY_FILE (default <DATA_DIR>/master.key). */
export interface MasterKeySource {
  masterKey?: string | undefined;
  keyFile?: string | undefined;
  dataDir: string;
  production: boolean;
}

export function decodeMasterKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where} must hold 32 bytes in base64 (44 characters); it holds ${key.length} bytes`);
  return key;
}

export function keyFileOf(source: Pick<MasterKeySource, 'keyFile' | 'dataDir'>): string {
  return source.keyFile ?? join(source.dataDir, 'master.key');
}

/** Writes a key file readable by its owner alone (the mode is set again: an existing file keeps its old mode on write). */
export function writeKeyFile(file: string, key: Buffer): void {
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
}

/**
 * The master key. Outside production a missing key file is created (0600) so that a developer's server starts;
 * in production a missing key stops the server: generating one there would silently make a second key that the
 * data already written cannot be read with, or hide a key file that failed to mount.
 */
export function loadMasterKey(source: MasterKeySource): { key: Buffer; generated: boolean } {
  if (source.masterKey?.trim()) return { key: decodeMasterKey(source.masterKey, 'MASTER_KEY'), generated: false };
  const file = keyFileOf(source);
  if (existsSync(file)) return { key: decodeMasterKey(readFileSync(file, 'utf8'), `the key file ${file}`), generated: false };
  if (source.production) {
    throw new Error(
      `no master key: set MASTER_KEY (base64 of 32 random bytes, e.g. \`openssl rand -base64 32\`) or put it in the key file ${file} ` +
        '(KEY_FILE names another path). Party data is encrypted under it; keep a copy of it apart from the database backups.',
    );
  }
  const key = randomBytes(32);
  writeKeyFile(file, key);
  return { key, generated: true };
}
