import type { FieldIssue } from '@tiaojie/domain';
import type { StorageErrorCode } from './types.ts';

/** An expected failure of a local write; nothing was saved when this is thrown. */
export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

export function isStorageError(e: unknown): e is StorageError {
  return e instanceof StorageError;
}
