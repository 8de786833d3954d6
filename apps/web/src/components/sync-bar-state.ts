import type { ErrorCode } from '@tiaojie/domain';
import type { SyncStatus } from '../storage/index.ts';

/**
 * What the sync bar says, one state at a time so it never contradicts itself ("online" beside "no network").
 * - offline: the phone has no network (navigator.onLine is reliable about that);
 * - unreachable: a network, but the last run could not reach the server (or it failed on its side);
 * - syncing: a run is under way;
 * - attention: something the user must look at (rejected or conflicted changes, an app too old to sync, a
 *   sign-in that ended) — it outranks everything but "offline", which is what the user sees first;
 * - pending: changes wait for the next run, nothing went wrong;
 * - synced: nothing waits on this phone.
 */
export type SyncBarKind = 'offline' | 'unreachable' | 'syncing' | 'attention' | 'pending' | 'synced';

export interface SyncBarState {
  kind: SyncBarKind;
  /** Changes and photos saved on this phone that the server has not confirmed. */
  unsent: number;
  /** Items needing the user's attention (the bar links to where they are listed). */
  attention: number;
  lastSuccessAt: string | null;
  /** The error behind 'attention' when it is not about items (PROTOCOL_TOO_OLD, UNAUTHENTICATED, …). */
  errorCode: ErrorCode | null;
  /** A short note beside the state: the server was restored from a backup and the phone re-syncs (SERVER_REWOUND). */
  note: ErrorCode | null;
}

export interface SyncBarInput {
  online: boolean;
  status: SyncStatus;
  /** Needs-attention items counted elsewhere (a list of rejected changes); defaults to the engine's own. */
  attention?: number;
}

/** Failures that mean "could not talk to the server" rather than "the server said no". */
const unreachableCodes: readonly string[] = ['NETWORK', 'INTERNAL'] satisfies ErrorCode[];
/** Failures the engine recovers from on its own at the next run: nothing for the user to do. */
const selfHealingCodes: readonly string[] = ['MUTATION_GAP', 'SERVER_REWOUND'] satisfies ErrorCode[];

export function syncBarState({ online, status, attention = status.attention.length }: SyncBarInput): SyncBarState {
  const unsent = status.pending + status.pendingPhotos;
  const base = { unsent, attention, lastSuccessAt: status.lastSuccessAt, errorCode: null, note: status.resyncing ? ('SERVER_REWOUND' as const) : null };
  if (!online) return { ...base, kind: 'offline' };
  if (status.updateRequired) return { ...base, kind: 'attention', errorCode: 'PROTOCOL_TOO_OLD' };
  if (status.syncing) return { ...base, kind: 'syncing' };
  const error = status.lastError && !selfHealingCodes.includes(status.lastError.code) ? status.lastError : null;
  if (error && unreachableCodes.includes(error.code)) return { ...base, kind: 'unreachable' };
  if (error) return { ...base, kind: 'attention', errorCode: error.code };
  if (attention > 0) return { ...base, kind: 'attention' };
  if (unsent > 0 || status.lastSuccessAt === null) return { ...base, kind: 'pending' };
  return { ...base, kind: 'synced' };
}
