import type { LocalStore, OpenLocalStoreOptions } from './types.ts';

export async function openLocalStore(_options: OpenLocalStoreOptions): Promise<LocalStore> {
  throw new Error('not implemented');
}
