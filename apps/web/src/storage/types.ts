import type {
  Activity,
  ActivityFields,
  ActivityKind,
  Agreement,
  CaseAction,
  CaseFields,
  CaseStatus,
  DisputeCase,
  DisputeType,
  ErrorCode,
  FieldIssue,
  FollowUp,
  Investigation,
  Level,
  MediatingBody,
  MediationSession,
  NewActivity,
  NewCase,
  OutcomeCode,
  FailedRoute,
  Party,
  PhotoKind,
  Signature,
  PhotoRef,
  RiskChange,
  User,
} from '@tiaojie/domain';
import type { EscalatedTraceData } from '@tiaojie/sync';

/** Codes a local write can fail with; map them to text with `messageFor` from @tiaojie/domain. */
export type StorageErrorCode = Extract<
  ErrorCode,
  'STORAGE_FULL' | 'VALIDATION_FAILED' | 'NOT_FOUND' | 'ILLEGAL_TRANSITION' | 'ROLE_NOT_ALLOWED' | 'FORBIDDEN' | 'DATES_OUT_OF_ORDER' | 'LOCAL_LOCKED' | 'PIN_TOO_SIMPLE' | 'WRONG_PIN' | 'PIN_DISCARDED' | 'RECOVERY_KEY_MISSING'
>;

export interface OpenLocalStoreOptions {
  /** The signed-in user: role and node path drive local lifecycle checks and the store's name. */
  user: User;
  /** The device id sent at login; the outbox adds a random suffix of its own so a wiped store never reuses mutation ids. */
  deviceId: string;
  /** For tests (fake-indexeddb) or other runtimes; defaults to the global indexedDB. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Clock for `clientTime` and "today"; recorded by the server, never used for ordering. */
  now?: () => Date;
  /**
   * How long acknowledged outbox entries are kept for re-sending to a server restored to an older point: those younger
   * than `days` or among the last `count` are kept (default 14 days, 5,000 entries).
   */
  keepSent?: { days: number; count: number };
}

/** Top-level case fields a plain edit may set (collections go through add/remove helpers). */
export type CaseScalarField = Exclude<keyof CaseFields, 'parties' | 'sessions' | 'investigations' | 'followUps' | 'photos' | 'signatures' | 'riskChanges'>;
export type CaseScalarChanges = Partial<{ [K in CaseScalarField]: CaseFields[K] | null }>;

export interface EscalateInput {
  toLevel: Level;
  reason: string;
  /** 'YYYY-MM-DD'; defaults to today (Asia/Shanghai). */
  date?: string;
}

export interface ConcludeInput {
  outcome: {
    code: OutcomeCode;
    concludedOn?: string;
    body: MediatingBody;
    failedRoute?: FailedRoute;
    transferredTo?: string;
    notes?: string;
  };
  agreement?: Agreement | null;
}

export interface AddSignatureInput {
  blob: Blob;
  document: Signature['document'];
  signer: Signature['signer'];
  partyId?: string;
  /** The mediator's name; none for a party (their name is personal data). */
  signerName?: string;
  location?: Signature['location'];
}

export interface AddPhotoInput {
  blob: Blob;
  kind: PhotoKind;
  takenAt?: string;
}

/** One row of the case list: what the list screen shows, without the parties' personal data. */
export interface CaseSummary {
  id: string;
  caseNo?: string | undefined;
  /** The phone's number until the server's final one arrives (then both are kept). */
  provisionalNo?: string | undefined;
  /** Every required document of the case file has its content (卷宗齐全). */
  fileComplete?: boolean;
  /** Last day the parties may apply for court confirmation (agreement + 30 days), while none is recorded. */
  courtConfirmationBy?: string;
  /** Respondent names, for the case title ('王建国 与 李梅 邻里纠纷'). */
  respondentNames?: string[];
  type: DisputeType;
  status: CaseStatus;
  risk: DisputeCase['risk'];
  /** When the case got its current risk grade (its time limit counts from here). */
  riskSince?: string;
  facts: string;
  gridId: string;
  handlingLevel: Level;
  acceptedOn: string;
  /** One month after acceptance; overdue when open and past it. */
  deadline: string;
  overdue: boolean;
  /** Applicant names, for the list line. */
  partyNames: string[];
  hasConflict: boolean;
  /** Local changes not yet confirmed by the server. */
  pending: boolean;
  /** A mutation on this case needs attention (rejected or conflicted). */
  needsAttention: boolean;
}

export interface NilReportLocal {
  id: string;
  gridId: string;
  period: string;
  filedAt: string;
}

export interface CaseListQuery {
  /** Matches facts, case number, party names and phone numbers (substring, case-insensitive). */
  text?: string;
  type?: DisputeType;
  status?: CaseStatus | 'open';
  overdue?: boolean;
  /** Concluded cases whose return visit is due today or earlier, the longest due first. */
  followUpDue?: boolean;
  /** Cases whose 司法确认 window (none applied yet) ends within this many days from today, today included; soonest first. */
  courtDueWithin?: number;
  gridId?: string;
  /** Cases of any of these grids (a community's, on a clerk's desktop). */
  gridIds?: string[];
  /** 'unit': grouped by grid (in the order of `gridIds` when given, else by grid id), newest first within each. */
  sort?: 'unit';
  /** Cases with unresolved conflicts or mutations needing attention. */
  needsAttention?: boolean;
  /** Cases whose file lacks a required document's content (卷宗不全). */
  fileIncomplete?: boolean;
  offset?: number;
  limit?: number;
}

export interface CaseList {
  items: CaseSummary[];
  total: number;
}

export interface LocalCase {
  case: DisputeCase;
  pending: boolean;
  /** Attention items about this case (rejections, conflicts). */
  attention: AttentionItem[];
}

/**
 * What stays on the phone of a case escalated out of the user's area once a pull has removed it: enough to say
 * where it went and when, read-only ("已上报至东湖社区，2025-03-02"). Left by a case the phone held, or sent by the
 * server with the pull's remove (a grid worker's other phones).
 */
export type EscalatedTrace = EscalatedTraceData & {
  /** ISO time the case left this phone (or its trace arrived). */
  leftAt: string;
};

export interface DuplicateQuery {
  name?: string;
  phone?: string;
  /** An organisation's 统一社会信用代码. */
  creditCode?: string;
  /** Only cases accepted within this many days before today. Default 90. */
  withinDays?: number;
}

export interface DuplicateMatch {
  summary: CaseSummary;
  matchedOn: ('name' | 'phone' | 'creditCode')[];
}

export interface ActivityListQuery {
  kind?: ActivityKind;
  from?: string;
  to?: string;
  offset?: number;
  limit?: number;
}

export interface ActivityList {
  items: (Activity & { pending: boolean })[];
  total: number;
}

/** A mutation the server rejected or answered with a conflict; stays until the user dismisses it. */
export interface AttentionItem {
  mutationId: number;
  name: string;
  caseId?: string | undefined;
  activityId?: string | undefined;
  status: 'rejected' | 'conflict';
  /** An error code (messageFor(code) gives the text): ROLE_NOT_ALLOWED, VALIDATION_FAILED, EDIT_CONFLICT, … */
  code: string;
  message: string;
  at: string;
  /**
   * A refused change to a case, kept: it stays applied on top of the case (the worker's typed data is never lost)
   * until it is sent again (`resubmitCase`, or any edit of the case) or given up (`dismissAttention`). A refused new
   * work-log entry (`activity.create`) or a refused correction of one (`activity.edit`) is kept here only: the
   * ledger shows the entry as the server has it, and the kept values fill the form again (`createActivity` /
   * `editActivity` with `replacing`) until saved or given up.
   */
  held?: { args: unknown; clientTime: string } | undefined;
}

export interface SyncStatus {
  /** Mutations saved on the phone and not yet confirmed by the server. */
  pending: number;
  /** Photos whose bytes the server has not confirmed yet. */
  pendingPhotos: number;
  attention: AttentionItem[];
  /** ISO time of the last sync that pushed and pulled everything. */
  lastSuccessAt: string | null;
  lastError: { code: ErrorCode; message: string; at: string } | null;
  /** True while the engine is talking to the server. */
  syncing: boolean;
  /** The server was restored from a backup: the phone is sending again what it no longer has. */
  resyncing: boolean;
  /** The server says this app is too old to sync: show "update the app". */
  updateRequired: boolean;
}

export interface Observable<T> {
  subscribe(next: (value: T) => void, error?: (err: unknown) => void): () => void;
}

export interface LocalStore {
  readonly user: User;
  /** The id the server knows this outbox by (login device id + random suffix). */
  readonly replicaId: string;

  createCase(input: NewCase): Promise<DisputeCase>;
  /** Sets top-level fields (null clears an optional one); a changed risk grade comes with its recorded reason. */
  editCase(caseId: string, changes: CaseScalarChanges, riskChange?: RiskChange): Promise<DisputeCase>;
  addParty(caseId: string, party: Party): Promise<DisputeCase>;
  addSession(caseId: string, session: MediationSession): Promise<DisputeCase>;
  addFollowUp(caseId: string, followUp: FollowUp): Promise<DisputeCase>;
  /** An investigation (调查记录), recorded offline like a session. */
  addInvestigation(caseId: string, investigation: Investigation): Promise<DisputeCase>;
  /** Also updates an existing item; `null`-safe removal is `removeItem`. */
  removeItem(caseId: string, collection: 'parties' | 'sessions' | 'investigations' | 'followUps' | 'photos' | 'signatures', itemId: string): Promise<DisputeCase>;
  /** Stores a drawn signature's PNG with the photos (uploaded the same way) and records it on the case, in one transaction. */
  addSignature(caseId: string, input: AddSignatureInput): Promise<Signature>;
  /** Hashes the bytes (SHA-256), keeps them until the server confirms them, and attaches the photo to the case. */
  addPhoto(caseId: string, input: AddPhotoInput): Promise<PhotoRef>;
  getPhotoBlob(sha256: string): Promise<Blob | undefined>;
  startMediation(caseId: string): Promise<DisputeCase>;
  escalate(caseId: string, input: EscalateInput): Promise<DisputeCase>;
  /**
   * The escalation a risk grade's passed time limit calls for, made by the phone when it notices (offline too): the
   * same id everywhere, so it happens once. Null when nothing was due.
   */
  escalateAutomatically(caseId: string, input: { toLevel: Level; reason: string }): Promise<DisputeCase | null>;
  conclude(caseId: string, input: ConcludeInput): Promise<DisputeCase>;
  /** Lifecycle actions allowed to this user on this case now (for buttons). */
  availableActions(c: DisputeCase): CaseAction[];
  /** Keeps `value` for the conflicted path (the server's or the other device's or a new one). */
  resolveConflict(caseId: string, conflictId: string, value: unknown): Promise<DisputeCase>;
  deleteCase(caseId: string): Promise<void>;

  getCase(caseId: string): Promise<LocalCase | undefined>;
  listCases(query?: CaseListQuery): Promise<CaseList>;
  findPossibleDuplicates(query: DuplicateQuery): Promise<DuplicateMatch[]>;
  /** Cases escalated out of this user's area (read-only traces), the latest escalation first. */
  listEscalated(): Promise<EscalatedTrace[]>;
  /** The trace of a case no longer on the phone, if it left by escalation. */
  getEscalated(caseId: string): Promise<EscalatedTrace | undefined>;

  /**
   * A grid's nil report for a period ('YYYY-MM'), filed in one tap, offline: kept on the phone and queued like any
   * change. Filing again returns the one already filed.
   */
  fileNilReport(gridId: string, period: string): Promise<NilReportLocal>;
  /** The nil report this phone filed for the grid and period, and how many of the grid's cases were accepted in it. */
  nilReportState(gridId: string, period: string): Promise<{ filed: NilReportLocal | null; casesInPeriod: number }>;

  /** With `replacing`, the attention item of a refused entry this one is filled in again from goes in the same transaction. */
  createActivity(input: NewActivity, options?: { replacing?: number }): Promise<Activity>;
  editActivity(activityId: string, changes: Partial<ActivityFields>, options?: { replacing?: number }): Promise<Activity>;
  /** One work-log entry as this phone has it (null: not on this phone, or deleted). */
  getActivity(activityId: string): Promise<(Activity & { pending: boolean }) | null>;
  deleteActivity(activityId: string): Promise<void>;
  listActivities(query?: ActivityListQuery): Promise<ActivityList>;

  saveDraft(key: string, value: unknown): Promise<void>;
  loadDraft<T = unknown>(key: string): Promise<T | undefined>;
  clearDraft(key: string): Promise<void>;

  getSyncStatus(): Promise<Omit<SyncStatus, 'syncing' | 'updateRequired'>>;
  dismissAttention(mutationId: number): Promise<void>;
  /**
   * Sends again the refused changes held for a case, as new outbox entries in one transaction: a refused create
   * as a create of the case as it stands now (later edits folded in), refused edits as one edit of their fields'
   * current values, actions as they were. Their attention items go; a new refusal brings new ones.
   */
  resubmitCase(caseId: string): Promise<void>;
  /** True while any mutation or photo is not confirmed by the server: warn before logout. */
  hasUnsynced(): Promise<boolean>;

  /** Re-runs `query` whenever the data it read changes (Dexie liveQuery underneath). */
  observe<T>(query: (store: LocalStore) => Promise<T>): Observable<T>;

  /** Deletes this user's local database (logout). Close any engine first. */
  wipe(): Promise<void>;
  close(): void;
}

export interface SyncEngineOptions {
  store: LocalStore;
  /** '' for same origin; 'http://127.0.0.1:8080' in tests and benchmarks. */
  baseUrl: string;
  getToken: () => string | null;
  fetch?: typeof fetch;
  /** Periodic sync; default 60 s. */
  intervalMs?: number;
  /** First retry delay after a failure; doubles up to maxBackoffMs (default 2 s → 5 min), never gives up. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * A request whose answer has not started by then (plus a second per KB it sends) counts as a network failure
   * (default 60 s; a lost answer is safe to retry).
   */
  requestTimeoutMs?: number;
  /** Mutations per push request (default 200). */
  batchSize?: number;
  /** Changes per pull page (default 1000, the most the server gives: pages are lean, (id, seq) pairs). */
  pullPageSize?: number;
  /** Gzip JSON request bodies where CompressionStream exists (default true; the server takes both). */
  compressRequests?: boolean;
  /** Called when the server answers 401: the session ended (signed out, expired, or idle: SESSION_IDLE). */
  onUnauthenticated?: () => void;
  /** Called when the server answers DEVICE_REVOKED: this device must erase its local data (wipeLocalData). */
  onDeviceRevoked?: () => void;
  /** Window for the 'online' event; absent in Node. */
  eventTarget?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  /**
   * Locks shared by the tabs of this origin (default `navigator.locks`): one sync run at a time per local
   * database, whichever tab starts it. Without them (Node 20) runs are exclusive within this engine only.
   */
  locks?: SyncLocks;
}

/** The part of the Web Locks API the engine uses. */
export interface SyncLocks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface SyncRunResult {
  ok: boolean;
  pushed: number;
  pulled: number;
  error?: { code: ErrorCode; message: string };
}

export interface SyncEngine {
  start(): void;
  stop(): void;
  /** Pushes photos and the outbox, then pulls; resolves when done (or failed; a failure schedules a retry). */
  syncNow(): Promise<SyncRunResult>;
  getStatus(): SyncStatus;
  subscribe(listener: (status: SyncStatus) => void): () => void;
}

export type { FieldIssue };
