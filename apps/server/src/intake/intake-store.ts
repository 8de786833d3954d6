import {
  caseFieldsSchema,
  caseLifecycleFieldsSchema,
  defaultIntakeLimits,
  intakeClocks,
  intakeLimitsSchema,
  pathToIds,
  worstIntakeState,
  type IntakeChannel,
  type IntakeLimits,
  type IntakeListRow,
} from '@tiaojie/domain';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { inSubtree } from '../org/index.js';

/** The sub-district a node belongs to (itself for a sub-district): the unit whose setting holds the limits. */
const subdistrictIdOf = (path: string): string | undefined => pathToIds(path)[1];

/** The channel time limits in force for a node: its sub-district's setting, else the defaults (as risk limits). */
export async function intakeLimitsFor(db: Kysely<Database>, nodePath: string): Promise<{ limits: IntakeLimits; subdistrictId: string | null; custom: boolean }> {
  const subdistrictId = subdistrictIdOf(nodePath) ?? null;
  if (!subdistrictId) return { limits: defaultIntakeLimits, subdistrictId, custom: false };
  return { ...(await limitsOfSubdistrict(db, subdistrictId)), subdistrictId };
}

async function limitsOfSubdistrict(db: Kysely<Database>, subdistrictId: string): Promise<{ limits: IntakeLimits; custom: boolean }> {
  const row = await db.selectFrom('intake_limit_settings').select('limits').where('node_id', '=', subdistrictId).executeTakeFirst();
  const parsed = row ? intakeLimitsSchema.safeParse(JSON.parse(row.limits)) : null;
  return parsed?.success ? { limits: parsed.data, custom: true } : { limits: defaultIntakeLimits, custom: false };
}

export async function saveIntakeLimits(db: Kysely<Database>, input: { subdistrictId: string; limits: IntakeLimits; userId: string; now: string }): Promise<void> {
  const values = { limits: JSON.stringify(input.limits), updated_by: input.userId, updated_at: input.now };
  await db
    .insertInto('intake_limit_settings')
    .values({ node_id: input.subdistrictId, ...values })
    .onConflict((oc) => oc.column('node_id').doUpdateSet(values))
    .execute();
}

export interface IntakeQuery {
  channel: IntakeChannel;
  /** Received from / to, Asia/Shanghai calendar dates (inclusive). */
  from?: string | undefined;
  to?: string | undefined;
  /** A unit the cases came from (any node of the viewer's subtree): matched on the case's grid, community … */
  unitId?: string | undefined;
  offset: number;
  limit: number;
}

/** What a row reads of the stored document (parties are not read at all: the list answers back without them). */
const docSchema = z.object({
  id: z.string(),
  caseNo: caseFieldsSchema.shape.caseNo,
  type: caseFieldsSchema.shape.type,
  intake: caseFieldsSchema.shape.intake,
  sessions: caseFieldsSchema.shape.sessions,
  investigations: caseFieldsSchema.shape.investigations,
  status: caseLifecycleFieldsSchema.shape.status,
  gridId: caseLifecycleFieldsSchema.shape.gridId,
  handlingNodeId: caseLifecycleFieldsSchema.shape.handlingNodeId,
  outcome: caseLifecycleFieldsSchema.shape.outcome,
});

/** The start of an Asia/Shanghai day as the UTC instant the column holds. */
const shanghaiDayStart = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * A channel's cases handled within `nodePath`'s subtree, received in the period, oldest first (the order a sender's
 * list is answered in), each with its limits judged at `now` under its own sub-district's setting.
 */
export async function listIntake(db: Kysely<Database>, nodePath: string, q: IntakeQuery, now: Date): Promise<{ items: IntakeListRow[]; total: number }> {
  const base = db
    .selectFrom('cases')
    .where('deleted', '=', 0)
    .where('intake_channel', '=', q.channel)
    .where(inSubtree('scope_path', nodePath))
    .$if(!!q.from, (x) => x.where('intake_received_at', '>=', shanghaiDayStart(q.from!)))
    .$if(!!q.to, (x) => x.where('intake_received_at', '<', shanghaiDayStart(nextDay(q.to!))))
    .$if(!!q.unitId, (x) =>
      x.where((eb) => eb.or([eb('grid_id', '=', q.unitId!), eb('community_id', '=', q.unitId!), eb('subdistrict_id', '=', q.unitId!), eb('district_id', '=', q.unitId!)])),
    );
  const [rows, count] = await Promise.all([
    base.select(['doc', 'subdistrict_id']).orderBy('intake_received_at', 'asc').orderBy('id', 'asc').offset(q.offset).limit(q.limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const limitsBySubdistrict = new Map<string, IntakeLimits>();
  const items: IntakeListRow[] = [];
  for (const row of rows) {
    const parsed = docSchema.safeParse(JSON.parse(row.doc));
    // A row the column says has intake but whose document does not parse is skipped rather than failing the list.
    if (!parsed.success || !parsed.data.intake) continue;
    const c = parsed.data;
    let limits = limitsBySubdistrict.get(row.subdistrict_id);
    if (!limits) {
      limits = (await limitsOfSubdistrict(db, row.subdistrict_id)).limits;
      limitsBySubdistrict.set(row.subdistrict_id, limits);
    }
    const clocks = intakeClocks(c, limits, now);
    const intake = c.intake!;
    items.push({
      id: c.id,
      caseNo: c.caseNo ?? null,
      channel: intake.channel,
      number: intake.number ?? null,
      sender: intake.sender ?? null,
      receivedAt: intake.receivedAt,
      deadline: intake.deadline ?? null,
      type: c.type,
      status: c.status,
      outcome: c.outcome?.code ?? null,
      concludedOn: c.outcome?.concludedOn ?? null,
      gridId: c.gridId,
      handlingNodeId: c.handlingNodeId,
      limitState: worstIntakeState(clocks) ?? null,
      clocks,
    });
  }
  return { items, total: Number(count.n) };
}
