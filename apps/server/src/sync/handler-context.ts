import type { FieldIssue } from '@tiaojie/domain';
import type { Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import type { AuthContext } from '../http/app-env.js';

export interface HandlerContext {
  trx: Transaction<Database>;
  /** Identity of the store, for caches of immutable data (org nodes). */
  store: object;
  /** PostgreSQL: rows read for a write are locked (select … for update). */
  lockRows: boolean;
  auth: AuthContext;
  /** The replica that sent the mutation: its own writes never conflict with it. */
  deviceId: string;
  now: string;
  takeSeq(): Promise<number>;
}

export type HandlerOutcome =
  | { status: 'applied'; seq?: number }
  | { status: 'conflict'; seq?: number; code: 'EDIT_CONFLICT'; message: string; conflicts: string[] }
  | { status: 'rejected'; code: RejectionCode; message: string; issues?: FieldIssue[] };

export type RejectionCode = 'VALIDATION_FAILED' | 'FORBIDDEN' | 'NOT_FOUND' | 'ILLEGAL_TRANSITION' | 'ROLE_NOT_ALLOWED';

export const reject = (code: RejectionCode, message: string, issues?: FieldIssue[]): HandlerOutcome => ({
  status: 'rejected',
  code,
  message,
  ...(issues ? { issues } : {}),
});

export function isInScope(path: string, userPath: string): boolean {
  return path.startsWith(userPath);
}
