import { describe, expect, it } from 'vitest';
import { parseMutationArgs } from './mutations.js';
import { caseShape, parsePath, setPath } from './paths.js';
import { nodeIdAtLevel } from './case-ops.js';
import { pushRequestSchema } from './protocol.js';

describe('protocol', () => {
  it('accepts a batch whose mutations have invalid arguments; each is judged alone', () => {
    const batch = pushRequestSchema.parse({
      protocolVersion: 1,
      deviceId: 'dev-1.abc',
      mutations: [{ id: 1, name: 'case.edit', args: { nonsense: true }, clientTime: 'whenever' }],
    });
    const parsed = parseMutationArgs(batch.mutations[0]!.name, batch.mutations[0]!.args);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.code).toBe('VALIDATION_FAILED');
    expect(parseMutationArgs('case.explode', {}).ok).toBe(false);
  });

  it('parses a transition with its payload', () => {
    const r = parseMutationArgs('case.transition', {
      caseId: 'k1',
      action: 'escalate',
      payload: { escalationId: 'e1', toLevel: 'community', reason: '需社区调解', date: '2024-03-01' },
    });
    expect(r.ok && r.mutation.name === 'case.transition' && r.mutation.args.action).toBe('escalate');
  });

  it('knows the editable paths of a case', () => {
    expect(parsePath(caseShape, 'facts')).toEqual({ field: 'facts' });
    expect(parsePath(caseShape, 'sessions.s-1')).toEqual({ field: 'sessions', itemId: 's-1' });
    expect(parsePath(caseShape, 'status')).toBeNull();
    expect(parsePath(caseShape, 'conflicts.x')).toBeNull();
    expect(setPath({ sessions: { a: 1, b: 2 } }, 'sessions.a', null)).toEqual({ sessions: { b: 2 } });
  });

  it('finds the receiving node above a grid', () => {
    expect(nodeIdAtLevel('/d1/s1/c1/g01/', 'community')).toBe('c1');
    expect(nodeIdAtLevel('/d1/s1/c1/g01/', 'subdistrict')).toBe('s1');
    expect(nodeIdAtLevel('/d1/s1/c1/g01/', 'grid')).toBe('g01');
  });
});
