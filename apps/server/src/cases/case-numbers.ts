import { defaultCaseNumberFormat, formatCaseNumber, shortNameOfBody, type OrgNode } from '@tiaojie/domain';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/index.js';
import { onPostgres } from '../audit/record-audit.js';
import { prepared } from '../sync/prepared.js';

export interface CaseNumberFormat {
  format: string;
  shortName: string;
}

/** The series a case's final number belongs to: its sub-district's (司法所 / 街道调委会) year of acceptance. */
export function seriesKeyOf(bodyNodeId: string, acceptedOn: string): string {
  return `${bodyNodeId}/${acceptedOn.slice(0, 4)}`;
}

/**
 * A body's format is read once every few seconds at most per process (every accepted case needs it); a change made
 * through this process is seen at once, one made through another server instance within FORMAT_TTL_MS — short, so
 * that behind a load balancer a changed format applies everywhere almost at once (a number taken in that moment is
 * as if the case had been accepted just before the change).
 */
const formatCache = new WeakMap<object, Map<string, { value: CaseNumberFormat; at: number }>>();
const FORMAT_TTL_MS = 5_000;

export async function caseNumberFormatOf(db: Kysely<Database>, cacheKey: object, body: OrgNode): Promise<CaseNumberFormat> {
  let cache = formatCache.get(cacheKey);
  if (!cache) formatCache.set(cacheKey, (cache = new Map()));
  const hit = cache.get(body.id);
  if (hit && Date.now() - hit.at < FORMAT_TTL_MS) return hit.value;
  const row = await db.selectFrom('case_number_formats').select(['format', 'short_name']).where('node_id', '=', body.id).executeTakeFirst();
  const value = row ? { format: row.format, shortName: row.short_name } : { format: defaultCaseNumberFormat, shortName: shortNameOfBody(body.name) };
  if (cache.size > 10_000) cache.clear();
  cache.set(body.id, { value, at: Date.now() });
  return value;
}

export function forgetCaseNumberFormat(cacheKey: object, nodeId: string): void {
  formatCache.get(cacheKey)?.delete(nodeId);
}

/** A number that would repeat one already given (a changed format, an imported ledger's number) is skipped. */
const MAX_SKIPS = 20;

/**
 * Takes the next number of the case's series and records it, inside the transaction that first stores the case:
 * if that transaction rolls back, so does the counter, and no number is lost. On PostgreSQL the series row stays
 * locked until the commit, so concurrent phones of one series get consecutive numbers, never the same one.
 */
export async function assignFinalCaseNumber(
  trx: Transaction<Database>,
  input: { caseId: string; seriesKey: string; year: string; format: CaseNumberFormat; now: string },
): Promise<string> {
  const postgres = onPostgres(trx);
  for (let attempt = 0; attempt <= MAX_SKIPS; attempt++) {
    const value = postgres ? await takeSeriesValue(trx, input.seriesKey) : await takeSeriesValueSqlite(trx, input.seriesKey);
    const caseNo = formatCaseNumber(input.format.format, { year: input.year, short: input.format.shortName, n: value });
    const number = { caseNo, caseId: input.caseId, seriesKey: input.seriesKey, value, now: input.now };
    const taken = postgres ? (await insertFinalNumber(trx, number)).length > 0 : await insertFinalNumberSqlite(trx, number);
    if (taken) return caseNo;
  }
  throw new Error(`series ${input.seriesKey}: ${MAX_SKIPS} numbers in a row were already taken; check its format`);
}

// Built and compiled once per database (every pushed case.create runs them: building them each time cost more CPU
// than the rest of numbering the case, measured with --cpu-prof on the sync bench's ingest).
const upsertSeries = (db: Kysely<Database>, seriesKey: never) =>
  db
    .insertInto('case_number_series')
    .values({ series_key: seriesKey, last_value: 1 })
    .onConflict((oc) => oc.column('series_key').doUpdateSet((eb) => ({ last_value: eb('case_number_series.last_value', '+', 1) })));
const seriesValueReturned = prepared(['seriesKey'], (db, p) => upsertSeries(db, p.seriesKey).returning('last_value'));

const finalNumber = (db: Kysely<Database>, p: Record<'caseNo' | 'caseId' | 'seriesKey' | 'value' | 'now', never>) =>
  db
    .insertInto('case_numbers')
    .values({ case_no: p.caseNo, case_id: p.caseId, kind: 'final', series_key: p.seriesKey, value: p.value, assigned_at: p.now })
    .onConflict((oc) => oc.column('case_no').doNothing());
const insertFinalNumber = prepared(['caseNo', 'caseId', 'seriesKey', 'value', 'now'], (db, p) => finalNumber(db, p).returning('case_no'));

async function takeSeriesValue(trx: Transaction<Database>, seriesKey: string): Promise<number> {
  const [next] = await seriesValueReturned(trx, { seriesKey });
  if (!next) throw new Error(`series ${seriesKey}: no value returned`);
  return Number(next.last_value);
}

/**
 * SQLite runs a RETURNING clause through a temporary table it builds on every run: ~6 µs more for each of these two
 * statements (of every pushed case.create) than the plain statement and a read of its effect, measured. There
 * the series value is read back after the upsert, and the number's insert counted with changes() (the rows the
 * connection's last insert wrote: none when the number was taken; the transaction holds the one connection).
 */
const bumpSeries = prepared(['seriesKey'], (db, p) => upsertSeries(db, p.seriesKey));
const readSeries = prepared(['seriesKey'], (db, p) => db.selectFrom('case_number_series').select('last_value').where('series_key', '=', p.seriesKey));
const insertFinalNumberQuietly = prepared(['caseNo', 'caseId', 'seriesKey', 'value', 'now'], (db, p) => finalNumber(db, p));
const rowsChanged = prepared([], (db) => db.selectNoFrom(sql<number>`changes()`.as('n')));

async function takeSeriesValueSqlite(trx: Transaction<Database>, seriesKey: string): Promise<number> {
  await bumpSeries(trx, { seriesKey });
  const [next] = await readSeries(trx, { seriesKey });
  if (!next) throw new Error(`series ${seriesKey}: no value after taking one`);
  return Number(next.last_value);
}

async function insertFinalNumberSqlite(trx: Transaction<Database>, number: Record<'caseNo' | 'caseId' | 'seriesKey' | 'value' | 'now', unknown>): Promise<boolean> {
  await insertFinalNumberQuietly(trx, number);
  const [changed] = await rowsChanged(trx, {});
  return Number(changed?.n) === 1;
}

const insertOtherNumber = prepared(['caseNo', 'caseId', 'kind', 'now'], (db, p) =>
  db
    .insertInto('case_numbers')
    .values({ case_no: p.caseNo, case_id: p.caseId, kind: p.kind, series_key: null, value: null, assigned_at: p.now })
    .onConflict((oc) => oc.column('case_no').doNothing()),
);

/** Records a number the case came with (the phone's provisional one, an imported ledger's) so it can be found by it. */
export async function recordCaseNumber(trx: Transaction<Database>, input: { caseId: string; caseNo: string; kind: 'provisional' | 'imported'; now: string }): Promise<void> {
  await insertOtherNumber(trx, { caseNo: input.caseNo, caseId: input.caseId, kind: input.kind, now: input.now });
}

/**
 * `case_no` contains `part` (as typed: any case, % and _ taken literally). The escape character is named, because
 * SQLite's LIKE has none by default; upper() on both sides, because PostgreSQL's LIKE is case-sensitive.
 */
export function caseNoContains(part: string): RawBuilder<boolean> {
  const pattern = `%${part.toUpperCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`upper(case_no) like ${pattern} escape '\\'`;
}

/** The ids of cases a number (or a part of one) names. */
export async function findCaseIdsByNumber(db: Kysely<Database>, part: string, limit = 50): Promise<string[]> {
  const rows = await db.selectFrom('case_numbers').select('case_id').distinct().where(caseNoContains(part)).limit(limit).execute();
  return rows.map((r) => r.case_id);
}

export interface SeriesEntry {
  value: number;
  caseNo: string | null;
  caseId: string | null;
  deleted: boolean;
}

/** Every value of a series up to its last, with the case that took it: how any gap in a printed list is explained. */
export async function explainSeries(db: Kysely<Database>, seriesKey: string): Promise<{ lastValue: number; entries: SeriesEntry[] }> {
  const series = await db.selectFrom('case_number_series').select('last_value').where('series_key', '=', seriesKey).executeTakeFirst();
  const lastValue = Number(series?.last_value ?? 0);
  const rows = await db
    .selectFrom('case_numbers')
    .leftJoin('cases', 'cases.id', 'case_numbers.case_id')
    .select(['case_numbers.value', 'case_numbers.case_no', 'case_numbers.case_id', 'cases.deleted'])
    .where('case_numbers.series_key', '=', seriesKey)
    .execute();
  const byValue = new Map(rows.map((r) => [Number(r.value), r]));
  const entries: SeriesEntry[] = [];
  for (let v = 1; v <= lastValue; v++) {
    const r = byValue.get(v);
    entries.push({ value: v, caseNo: r?.case_no ?? null, caseId: r?.case_id ?? null, deleted: Number(r?.deleted ?? 0) === 1 });
  }
  return { lastValue, entries };
}
