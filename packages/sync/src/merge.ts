import { createDocWriter, getPath, jsonEqual, type Doc } from './paths.js';

/** Who last changed a path and at which server seq (server side; devices only see the seq). */
export interface PathVersion {
  seq: number;
  by: string;
}
export type WriterVersions = Record<string, PathVersion>;

export interface MergeInput {
  doc: Doc;
  versions: WriterVersions;
  changes: Record<string, unknown>;
  /** The seq of each path the editor saw; missing means 0 (as created). */
  base: Record<string, number>;
  /** The replica that sent the edit: its own earlier writes never conflict with it. */
  writer: string;
  /** The seq this edit will be written at. */
  seq: number;
}

export interface MergeConflict {
  path: string;
  serverValue: unknown;
  clientValue: unknown;
}

export interface MergeOutput {
  doc: Doc;
  versions: WriterVersions;
  applied: string[];
  conflicts: MergeConflict[];
}

/**
 * Field-level three-way merge. A path changes when nobody else changed it since the editor's base (or the
 * value is already what the editor wants); otherwise it is a conflict: the server value stays, and both
 * values are returned so the caller can record them. Paths are independent: unrelated edits always merge.
 */
export function mergeEdit(input: MergeInput): MergeOutput {
  // One writer for all paths: the document and each collection are copied once, not once per path.
  const writer = createDocWriter(input.doc);
  const versions = { ...input.versions };
  const applied: string[] = [];
  const conflicts: MergeConflict[] = [];
  for (const [path, clientValue] of Object.entries(input.changes)) {
    const current = versions[path] ?? { seq: 0, by: '' };
    const base = input.base[path] ?? 0;
    const serverValue = getPath(input.doc, path);
    if (jsonEqual(serverValue, clientValue)) continue;
    if (base >= current.seq || current.by === input.writer) {
      writer.set(path, clientValue);
      versions[path] = { seq: input.seq, by: input.writer };
      applied.push(path);
    } else {
      conflicts.push({ path, serverValue, clientValue });
    }
  }
  return { doc: writer.result(), versions, applied, conflicts };
}

/** Sets paths unconditionally (lifecycle actions, conflict resolution) and records the writer. */
export function forceSet(doc: Doc, versions: WriterVersions, changes: Record<string, unknown>, writer: string, seq: number) {
  const docWriter = createDocWriter(doc);
  const nextVersions = { ...versions };
  for (const [path, value] of Object.entries(changes)) {
    docWriter.set(path, value);
    nextVersions[path] = { seq, by: writer };
  }
  return { doc: docWriter.result(), versions: nextVersions };
}

/** What devices see: the seq of each path. */
export function versionsToSeqs(versions: WriterVersions): Record<string, number> {
  return Object.fromEntries(Object.entries(versions).map(([p, v]) => [p, v.seq]));
}
