import type { Activity, ActivityFields } from '@tiaojie/domain';
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
}

const activityFields = ['kind', 'date', 'title', 'location', 'participants', 'disputesFound', 'notes'] as const satisfies readonly (keyof ActivityFields)[];

export function emptyActivityDraft(date: string): ActivityDraft {
  return { kind: 'screening', date, title: '', location: '', participants: '', disputesFound: '', notes: '' };
}

export function activityDraftOf(a: Activity): ActivityDraft {
  // 0 is what an empty count is saved as; shown empty again, like the new-entry form.
  const count = (n: number) => (n > 0 ? String(n) : '');
  return { kind: a.kind, date: a.date, title: a.title, location: a.location, participants: count(a.participants), disputesFound: count(a.disputesFound), notes: a.notes };
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
  };
}

/** The fields of `next` (validated) that differ from the saved entry: an edit sends only these. */
export function activityChanges(saved: Activity, next: ActivityFields): Partial<ActivityFields> {
  const changes: Partial<Record<keyof ActivityFields, unknown>> = {};
  for (const f of activityFields) if (!jsonEqual(next[f], saved[f])) changes[f] = next[f];
  return changes as Partial<ActivityFields>;
}
