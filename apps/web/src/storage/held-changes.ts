import type { LocalDb } from './local-db.ts';
import { readOutboxEntry } from './outbox-entry.ts';
import type { AttentionItem } from './types.ts';

type Changes = Record<string, unknown>;

/**
 * A refused edit is kept only for the fields no later change of the phone sets: the later value is the one the
 * worker wants (and the server has it or will), so the refused one must not be laid back over it. An edit left
 * with no field is not kept (the item still says it was refused). Reads the outbox before the answered entries
 * leave it (inside the caller's transaction); mutates `items`.
 */
export async function dropShadowedHeld(db: LocalDb, items: AttentionItem[]): Promise<void> {
  const edits = items.filter((a) => a.held && a.caseId && a.name === 'case.edit');
  if (edits.length === 0) return;
  const later = (await db.outbox.where('caseId').anyOf([...new Set(edits.map((a) => a.caseId!))]).toArray()).map(readOutboxEntry);
  for (const a of edits) {
    const args = a.held!.args as { caseId: string; changes: Changes; base?: Record<string, number> };
    const shadowed = new Set(
      later.filter((e) => e.caseId === a.caseId && e.id > a.mutationId && e.name === 'case.edit').flatMap((e) => Object.keys((e.args as { changes: Changes }).changes)),
    );
    const kept = Object.entries(args.changes).filter(([path]) => !shadowed.has(path));
    if (kept.length === 0) delete a.held;
    else if (kept.length < Object.keys(args.changes).length) {
      const changes = Object.fromEntries(kept);
      a.held = { ...a.held!, args: { ...args, changes, base: Object.fromEntries(Object.entries(args.base ?? {}).filter(([p]) => p in changes)) } };
    }
  }
}
