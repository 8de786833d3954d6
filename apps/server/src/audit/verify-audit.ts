import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { auditRowHash } from './record-audit.js';

export interface AuditProblem {
  seq: number | null;
  problem: 'edited' | 'missing' | 'broken-link' | 'head-mismatch' | 'anchor-mismatch';
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  problems: AuditProblem[];
}

const PAGE = 1000;
const MAX_PROBLEMS = 100;

/**
 * Walks the chain from the pruning anchor to the head: every row's hash must match its columns (an edit), link to
 * its predecessor with the next seq (a deletion), and the last row must be the head (a deletion at the end). The
 * anchor (what pruning removed) must match the newest 'audit.prune' event, itself part of the chain.
 */
export async function verifyAudit(db: Kysely<Database>): Promise<AuditVerification> {
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  const problems: AuditProblem[] = [];
  const add = (p: AuditProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  let expectedSeq = Number(head.pruned_through) + 1;
  let expectedPrev = head.pruned_hash;
  let checked = 0;
  let lastPrune: { prunedThrough?: unknown; prunedHash?: unknown } | undefined;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(PAGE).execute();
    if (rows.length === 0) break;
    for (const raw of rows) {
      const row = { ...raw, seq: Number(raw.seq) };
      if (row.seq !== expectedSeq) add({ seq: expectedSeq, problem: 'missing', message: `rows ${expectedSeq}…${row.seq - 1} are missing` });
      if (row.prev_hash !== expectedPrev) add({ seq: row.seq, problem: 'broken-link', message: `row ${row.seq} does not link to the row before it` });
      const { hash, ...rest } = row;
      if (auditRowHash(rest) !== hash) add({ seq: row.seq, problem: 'edited', message: `row ${row.seq} was changed after it was written` });
      if (row.action === 'audit.prune') lastPrune = JSON.parse(row.details) as typeof lastPrune;
      expectedSeq = row.seq + 1;
      expectedPrev = hash;
      checked += 1;
    }
  }
  if (Number(head.seq) !== expectedSeq - 1 || head.hash !== expectedPrev) {
    add({ seq: Number(head.seq), problem: 'head-mismatch', message: `the chain ends at ${expectedSeq - 1} but its head says ${Number(head.seq)}` });
  }
  const anchored = Number(head.pruned_through) === 0 ? lastPrune === undefined || lastPrune.prunedThrough === 0 : lastPrune?.prunedThrough === Number(head.pruned_through) && lastPrune.prunedHash === head.pruned_hash;
  if (!anchored) add({ seq: null, problem: 'anchor-mismatch', message: 'the pruning anchor does not match the last recorded pruning' });
  return { ok: problems.length === 0, checked, problems };
}
