import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { caseSchema, type DisputeCase } from '@tiaojie/domain';
import { writeSession } from '../../api/session.ts';
import { renderOffline } from '../../test/render-app.tsx';
import { ConflictResolver } from './conflict-resolver.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
  writeSession(null);
});

const conflict = (id: string, path: string, serverValue: unknown, clientValue: unknown) => ({
  id,
  path,
  serverValue,
  clientValue,
  clientUserId: 'u-2',
  clientDeviceId: 'phone-2',
  detectedAt: '2026-03-04T17:00:00.000Z',
  resolved: false,
});

/** A case whose server values are in place, with three open conflicts. */
function caseWithConflicts(): DisputeCase {
  return caseSchema.parse({
    id: 'c1',
    gridId: 'g01',
    type: 'neighbour',
    source: 'proactive',
    facts: '楼上漏水',
    reportedOn: '2026-03-01',
    acceptedOn: '2026-03-02',
    isGroup: false,
    peopleInvolved: 2,
    parties: {},
    createdBy: 'u-1',
    createdAt: '2026-03-02T01:00:00.000Z',
    status: 'accepted',
    handlingNodeId: 'g01',
    handlingLevel: 'grid',
    escalations: {},
    outcome: null,
    conflicts: {
      k1: conflict('k1', 'reportedOn', '2026-03-01', null),
      k2: conflict('k2', 'isGroup', false, true),
      k3: conflict('k3', 'facts', '楼上漏水', '楼上漏水，已报修'),
    },
  });
}

describe('ConflictResolver', () => {
  it('names how many items conflict and which value came first, and offers only values that can be kept', async () => {
    await renderOffline(<ConflictResolver item={caseWithConflicts()} />);
    expect(await screen.findByText(/有3项内容在两台设备上被改成了不同的值/)).toBeTruthy();
    // Shanghai date of the detection (17:00 UTC is already the next day there).
    expect(screen.getAllByText('后同步的另一处修改（2026-03-05）')).toHaveLength(3);
    const keep = screen.getAllByRole('button', { name: '保留这个' }) as HTMLButtonElement[];
    // Per conflict: the server's value, then the other change.
    expect(keep.map((b) => b.disabled)).toEqual([false, true, false, true, false, false]);
    // An empty required date, and a group of two people (a group needs at least five), cannot be kept.
    expect(screen.getAllByText(/这个值不能保留/)).toHaveLength(2);
  });
});
