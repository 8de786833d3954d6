import type { FieldIssue } from '@tiaojie/domain';
import type { RecordState } from '@tiaojie/sync';
import type { Transaction } from 'kysely';
import type { PersonalCodec } from '../crypto/keyring.js';
import type { Database } from '../db/index.js';
import type { AuthContext } from '../http/app-env.js';

export interface HandlerContext {
  trx: Transaction<Database>;
  /** Identity of the store, for caches of immutable data (org nodes). */
  store: object;
  /** Seals and opens party data (the store's codec). */
  personal: PersonalCodec;
  /** PostgreSQL: rows read for a write are locked (select … for update). */
  lockRows: boolean;
  auth: AuthContext;
  /** The replica that sent the mutation: its own writes never conflict with it. */
  deviceId: string;
  now: string;
  /** When the phone says it made the change (the mutation's clientTime, unchecked: see recordedAt). */
  clientTime?: string;
  takeSeq(): Promise<number>;
  /**
   * The case this mutation wrote and the scope it now has (set by the write): its audit row takes the scope from
   * here rather than reading the row just written back (one read fewer per pushed case mutation).
   */
  written?: { caseId: string; scopePath: string };
}

/**
 * `state`: the written record as a pull would send it, when it is still in the author's scope; returned in
 * the push answer only (never stored with the result).
 */
export type HandlerOutcome =
  | { status: 'applied'; seq?: number; state?: RecordState }
  | { status: 'conflict'; seq?: number; code: 'EDIT_CONFLICT'; message: string; conflicts: string[]; state?: RecordState }
  | { status: 'rejected'; code: RejectionCode; message: string; issues?: FieldIssue[] };

export type RejectionCode = 'VALIDATION_FAILED' | 'FORBIDDEN' | 'NOT_FOUND' | 'ILLEGAL_TRANSITION' | 'ROLE_NOT_ALLOWED' | 'CONFLICT_RESOLVED_ELSEWHERE' | 'DATES_OUT_OF_ORDER';

export const reject = (code: RejectionCode, message: string, issues?: FieldIssue[]): HandlerOutcome => ({
  status: 'rejected',
  code,
  message,
  ...(issues ? { issues } : {}),
});

export function isInScope(path: string, userPath: string): boolean {
  return path.startsWith(userPath);
}
