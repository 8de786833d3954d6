import { activityFieldsSchema, preventionKinds, type Activity, type ActivityFields, type Prevention, type PreventionKind } from '@tiaojie/domain';
import { jsonEqual } from '@tiaojie/sync';

/** A log entry as the form holds it (strings, as inputs do). */
export interface ActivityDraft {
  kind: string;
  date: string;
  title: string;
  location: string;
  participants: string;
  disputesFound: string;
  notes: string;
  /** Screening rounds: what the round headed off, as typed ('' = none). */
  prevention: RoundPreventionDraft;
}

export interface RoundPreventionDraft {
  disputes: string;
  cases: Record<PreventionKind, string>;
  people: Record<PreventionKind, string>;
}

const none = () => Object.fromEntries(preventionKinds.codes.map((k) => [k, ''])) as Record<PreventionKind, string>;
export const emptyRoundPrevention = (): RoundPreventionDraft => ({ disputes: '', cases: none(), people: none() });

function roundPreventionDraftOf(p: Prevention | undefined): RoundPreventionDraft {
  const d = emptyRoundPrevention();
  if (!p) return d;
  d.disputes = p.disputes > 0 ? String(p.disputes) : '';
  for (const k of preventionKinds.codes) {
    const o = p[k];
    if (o) {
      d.cases[k] = String(o.cases);
      d.people[k] = String(o.people);
    }
  }
  return d;
}

/** The round's prevention record; undefined when nothing was entered. An outcome with people but no count is one case. */
export function roundPreventionOf(d: RoundPreventionDraft): Prevention | undefined {
  const out: Partial<Prevention> = {};
  for (const k of preventionKinds.codes) {
    const cases = d.cases[k].trim();
    const people = d.people[k].trim();
    if (cases === '' && people === '') continue;
    out[k] = { cases: cases === '' ? 1 : Number(cases), people: people === '' ? Number.NaN : Number(people) };
  }
  const disputes = d.disputes.trim() === '' ? 0 : Number(d.disputes);
  if (disputes === 0 && Object.keys(out).length === 0) return undefined;
  return { disputes, ...out };
}

const activityFields = ['kind', 'date', 'title', 'location', 'participants', 'disputesFound', 'notes', 'prevention'] as const satisfies readonly (keyof ActivityFields)[];

export function emptyActivityDraft(date: string): ActivityDraft {
  // The kind decides which count a entry adds to (排查 rounds, meetings, trainings …): the worker picks it.
  return { kind: '', date, title: '', location: '', participants: '', disputesFound: '', notes: '', prevention: emptyRoundPrevention() };
}

export function activityDraftOf(a: ActivityFields): ActivityDraft {
  // 0 is what an empty count is saved as; shown empty again, like the new-entry form.
  const count = (n: number) => (n > 0 ? String(n) : '');
  return { kind: a.kind, date: a.date, title: a.title, location: a.location, participants: count(a.participants), disputesFound: count(a.disputesFound), notes: a.notes, prevention: roundPreventionDraftOf(a.prevention) };
}

/** What a refused work-log change (AttentionItem.held) fills the form with again. */
export type RefusedActivityChange = { kind: 'create'; draft: ActivityDraft } | { kind: 'edit'; activityId: string; changes: Record<string, unknown> };

/**
 * The held arguments of a refused activity.create (the entry's values) or activity.edit (the entry and the fields it
 * changed); null when they are neither (nothing to fill in from).
 */
export function refusedActivityChange(name: string, args: unknown): RefusedActivityChange | null {
  const held = (args ?? {}) as { activity?: unknown; activityId?: unknown; changes?: unknown };
  if (name === 'activity.create') {
    const parsed = activityFieldsSchema.safeParse(held.activity);
    return parsed.success ? { kind: 'create', draft: activityDraftOf(parsed.data) } : null;
  }
  if (name === 'activity.edit' && typeof held.activityId === 'string' && held.changes && typeof held.changes === 'object') {
    return { kind: 'edit', activityId: held.activityId, changes: held.changes as Record<string, unknown> };
  }
  return null;
}

/** The entry as it stands with a refused correction's fields laid over it (null clears a field); null if invalid. */
export function refusedEditDraft(saved: Activity, changes: Record<string, unknown>): ActivityDraft | null {
  const merged: Record<string, unknown> = { ...saved };
  for (const f of activityFields) {
    if (!(f in changes)) continue;
    if (changes[f] === null) delete merged[f];
    else merged[f] = changes[f];
  }
  const parsed = activityFieldsSchema.safeParse(merged);
  return parsed.success ? activityDraftOf(parsed.data) : null;
}

/** Only screening rounds and 矛排会 find disputes; for other kinds the count is not asked and saved as 0. */
export function findsDisputes(kind: string): boolean {
  return kind === 'screening' || kind === 'meeting';
}

/** The draft as the schema's input fields (numbers parsed; validation is the caller's). */
export function activityInputOf(d: ActivityDraft) {
  return {
    kind: d.kind,
    date: d.date,
    title: d.title,
    location: d.location,
    participants: d.participants === '' ? 0 : Number(d.participants),
    disputesFound: findsDisputes(d.kind) && d.disputesFound !== '' ? Number(d.disputesFound) : 0,
    notes: d.notes,
    // Only screening rounds record prevention outcomes.
    prevention: d.kind === 'screening' ? roundPreventionOf(d.prevention) : undefined,
  };
}

/** The fields of `next` (validated) that differ from the saved entry: an edit sends only these. */
export function activityChanges(saved: Activity, next: ActivityFields): Partial<ActivityFields> {
  const changes: Partial<Record<keyof ActivityFields, unknown>> = {};
  // null clears an optional field (a round's prevention record) in the store and on the server.
  for (const f of activityFields) if (!jsonEqual(next[f], saved[f])) changes[f] = next[f] ?? null;
  return changes as Partial<ActivityFields>;
}
