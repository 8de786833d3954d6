import type { Generated } from 'kysely';

/**
 * Row types. Timestamps are ISO strings, dates 'YYYY-MM-DD' (Asia/Shanghai), booleans 0/1 and
 * JSON documents text, so that SQLite and PostgreSQL store and compare them the same way.
 */
export interface OrgNodeRow {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  /** '/d1/s1/c1/g01/': subtree queries are a range scan on this column. */
  path: string;
  sort_order: number;
}

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  node_id: string;
  disabled: number;
  created_at: string;
  /** 1: the next sign-in only gets a token to change the password (set by an administrator). */
  must_change_password: Generated<number>;
}

export interface TokenRow {
  id: string;
  /** SHA-256 of the bearer token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  device_id: string;
  device_name: string;
  created_at: string;
  expires_at: string;
  last_used_at: string;
  revoked_at: string | null;
  /** 'session', or 'password_change': short-lived, good for POST /api/auth/password only. */
  kind: Generated<string>;
  /** Why it was revoked: 'replaced', 'logout', 'password' (sign in again) or 'revoked', 'disabled' (erase the device). */
  revoked_reason: Generated<string | null>;
}

/** A login throttle counter (auth/login-throttle.ts); times in epoch milliseconds. */
export interface LoginThrottleRow {
  key: string;
  attempts: number;
  window_start: number;
  blocked_until: number;
}

/** An account's party-data reveals in the current window (cases/reveal-limit.ts). */
export interface RevealLimitRow {
  user_id: string;
  reveals: number;
  window_start: number;
}

/** A ledger import, running or finished, readable from every instance (reports/ledger-import-jobs.ts). JSON in result/error. */
export interface ImportJobRow {
  id: string;
  user_id: string;
  state: string;
  done: number;
  total: number;
  result: string | null;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  heartbeat_at: number;
  /** Which server instance runs it (INSTANCE_ID, or host name and data directory). */
  instance: string;
}

/** One row, id 1: the server sequence. Taking it inside the writing transaction serialises commits in seq order. */
export interface SyncCounterRow {
  id: number;
  value: number;
}

export interface CaseRow {
  id: string;
  /** Server sequence of the last change; never a device clock. */
  seq: number;
  version: number;
  /** The case document without the parties' personal data (JSON). */
  doc: string;
  /** The parties' personal data, by party id (JSON). Kept apart so it can be encrypted or masked. */
  personal: string;
  /** Server seq at which each mergeable path last changed (JSON: { path: seq }). */
  field_versions: string;
  deleted: number;
  has_conflict: number;
  /** Path of the node whose subtree sees the case (the handling node). */
  scope_path: string;
  handling_node_id: string;
  handling_level: string;
  /** Where the case came from; fixed for the report's breakdown by child node. */
  grid_id: string;
  community_id: string;
  subdistrict_id: string;
  district_id: string;
  status: string;
  type: string;
  source: string;
  risk: string;
  is_group: number;
  people_involved: number;
  reported_on: string;
  accepted_on: string;
  concluded_on: string | null;
  outcome: string | null;
  resolved_level: string | null;
  body: string | null;
  agreement_form: string | null;
  agreement_amount: number;
  court_confirmation: string | null;
  follow_up_count: number;
  /** 1 when every required document of the case file is ready (isCaseFileComplete), 0 if not; null until computed. */
  file_complete: number | null;
  prevented_criminal: number;
  prevented_petition: number;
  /** The mediation committee that handled the case (committees.id), if named. */
  committee_id: string | null;
  /** 当事人数: the parties on the case. */
  party_count: number;
  /** Performance of the agreement as the latest follow-up found it (else as the agreement says). */
  performance: string | null;
  /** Prevention outcomes (预防效果): disputes prevented, then each outcome as cases and people (migration 015). */
  prev_disputes: number;
  prev_suicide: number;
  prev_suicide_people: number;
  prev_criminal: number;
  prev_criminal_people: number;
  prev_petition: number;
  prev_petition_people: number;
  prev_fight: number;
  prev_fight_people: number;
  /** The intake channel, its number and received time (issue 17 §4, migration 020); null without an intake block. */
  intake_channel: string | null;
  intake_number: string | null;
  intake_received_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface IntakeLimitSettingsRow {
  node_id: string;
  /** JSON: IntakeLimits. */
  limits: string;
  updated_by: string;
  updated_at: string;
}

export interface NilReportRow {
  id: string;
  grid_id: string;
  /** The grid's path: who sees the report. */
  scope_path: string;
  /** 'YYYY-MM'. */
  period: string;
  filed_by: string;
  filed_at: string;
  seq: number;
}

export interface RiskLimitSettingsRow {
  node_id: string;
  /** JSON: RiskLimits. */
  limits: string;
  updated_by: string;
  updated_at: string;
}

export interface ActivityRow {
  id: string;
  seq: number;
  version: number;
  doc: string;
  field_versions: string;
  deleted: number;
  node_id: string;
  scope_path: string;
  kind: string;
  date: string;
  participants: number;
  disputes_found: number;
  /** Prevention outcomes (预防效果): disputes prevented, then each outcome as cases and people (migration 015). */
  prev_disputes: number;
  prev_suicide: number;
  prev_suicide_people: number;
  prev_criminal: number;
  prev_criminal_people: number;
  prev_petition: number;
  prev_petition_people: number;
  prev_fight: number;
  prev_fight_people: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** Every committed change, by server seq: the pull cursor walks this. 'exit' tells a scope a record left it. */
export interface ChangeLogRow {
  seq: number;
  entity: string;
  entity_id: string;
  scope_path: string;
  op: string;
}

export interface DeviceRow {
  device_id: string;
  user_id: string;
  /** The last mutation id applied (or rejected) for this device: the next must be this + 1. */
  last_mutation_id: number;
  updated_at: string;
}

/** One row per (device, mutation id): a re-sent mutation returns the stored result. */
export interface MutationRow {
  device_id: string;
  mutation_id: number;
  user_id: string;
  name: string;
  status: string;
  result: string;
  seq: number | null;
  client_time: string | null;
  received_at: string;
}

export interface PhotoRow {
  sha256: string;
  mime: string;
  size: number;
  received: number;
  complete: number;
  uploaded_by: string;
  created_at: string;
}

/** One account's upload of one photo (uploads belong to their uploader); see migration 007. */
export interface PhotoUploadRow {
  sha256: string;
  user_id: string;
  size: number;
  mime: string;
  complete: number;
  created_at: string;
}

/** A yearly series of case numbers ('s1/2025'): its last running number. */
export interface CaseNumberSeriesRow {
  series_key: string;
  last_value: number;
}

/** Every case number ever given, with its case; never deleted, so a number is never given twice. */
export interface CaseNumberRow {
  case_no: string;
  case_id: string;
  kind: 'final' | 'provisional' | 'imported';
  series_key: string | null;
  value: number | null;
  assigned_at: string;
}

/** A body's case-number format (default `（{year}）{short}调字第{n:4}号`). */
export interface CaseNumberFormatRow {
  node_id: string;
  format: string;
  short_name: string;
  updated_by: string;
  updated_at: string;
}

/** Server facts as key/value: 'history_id' (replaced by every restore). */
export interface ServerMetaRow {
  key: string;
  value: string;
}

/** A data key for party data, wrapped under the master key (crypto/keyring.ts). */
export interface DataKeyRow {
  id: string;
  cipher: string;
  wrapped: string;
  master_key_id: string;
  /** How many times it was re-wrapped under a new master key. */
  version: number;
  /** 1 for the key new writes use (one per cipher). */
  active: number;
  created_at: string;
  rotated_at: string | null;
}

/** One audit event (apps/server/src/audit); append-only, chained by hash. Never holds a secret value. */
export interface AuditEventRow {
  seq: number;
  at: string;
  action: string;
  actor_id: string | null;
  actor_name: string | null;
  device_id: string | null;
  /** Whose subtree sees the event: the case's scope, or the actor's (or target's) node path. */
  scope_path: string;
  case_id: string | null;
  party_id: string | null;
  /** What the action was about besides a case: a user id, org node id, report… */
  target: string | null;
  /** JSON object of non-secret details (changed field names, format, reason…). */
  details: string;
  prev_hash: string;
  hash: string;
}

/** The audit chain's tip and retention horizon (one row, id 1). */
export interface AuditHeadRow {
  id: number;
  seq: number;
  hash: string;
  prune_before: string;
  pruned_through: number;
  pruned_hash: string;
}

/** One per account and device: the key the phone's local data key is also wrapped with (issue 14 §9). */
export interface DeviceRecoveryKeyRow {
  user_id: string;
  device_id: string;
  recovery_key: string;
  created_at: string;
}

/** A keyed hash of one party name of a case (search by name without names in the clear). */
export interface CasePartyNameRow {
  name_hash: string;
  case_id: string;
}

export interface Database {
  device_recovery_keys: DeviceRecoveryKeyRow;
  data_keys: DataKeyRow;
  org_nodes: OrgNodeRow;
  users: UserRow;
  tokens: TokenRow;
  login_throttle: LoginThrottleRow;
  reveal_limits: RevealLimitRow;
  import_jobs: ImportJobRow;
  sync_counter: SyncCounterRow;
  cases: CaseRow;
  activities: ActivityRow;
  nil_reports: NilReportRow;
  risk_limit_settings: RiskLimitSettingsRow;
  intake_limit_settings: IntakeLimitSettingsRow;
  change_log: ChangeLogRow;
  devices: DeviceRow;
  mutations: MutationRow;
  photos: PhotoRow;
  photo_uploads: PhotoUploadRow;
  case_number_series: CaseNumberSeriesRow;
  case_numbers: CaseNumberRow;
  case_party_names: CasePartyNameRow;
  case_number_formats: CaseNumberFormatRow;
  server_meta: ServerMetaRow;
  audit_events: AuditEventRow;
  audit_head: AuditHeadRow;
  committees: CommitteeRow;
  mediators: MediatorRow;
  stats_settings: StatsSettingsRow;
  stats_signoffs: StatsSignoffRow;
}

export type { Generated };

/** A people's mediation committee (migration 015). */
export interface CommitteeRow {
  id: string;
  node_id: string;
  name: string;
  kind: string;
  /** For specialised committees, the mediating body code (court_linked, traffic …). */
  body: string | null;
  active: number;
  updated_by: string;
  updated_at: string;
}

export interface MediatorRow {
  id: string;
  committee_id: string;
  name: string;
  kind: string;
  active: number;
  updated_by: string;
  updated_at: string;
}

/** A sub-district's column titles and order for the statistics tables (JSON). */
export interface StatsSettingsRow {
  node_id: string;
  settings: string;
  updated_by: string;
  updated_at: string;
}

/** A signed version of a unit's statistics tables for a period (migration 021); never changed afterwards. */
export interface StatsSignoffRow {
  node_id: string;
  period: string;
  version: number;
  stats: string;
  head: string;
  preparer: string;
  report_date: string;
  signed_by: string;
  signed_by_name: string;
  signed_at: string;
  note: string;
}
