import { caseSchema, type DisputeCase } from '@tiaojie/domain';
import { describe, expect, it } from 'vitest';
import { escalatedTraceOf, escalatedTraceSchema } from './trace.js';

function aCase(extra: Record<string, unknown> = {}): DisputeCase {
  return caseSchema.parse({
    id: 'k1',
    createdBy: 'u1',
    createdAt: '2025-03-02T01:00:00.000Z',
    caseNo: '（2025）清河调字第0042号',
    type: 'neighbour',
    source: 'proactive',
    facts: '楼上漏水',
    reportedOn: '2025-03-01',
    acceptedOn: '2025-03-02',
    parties: {
      p1: { id: 'p1', role: 'applicant', personal: { name: '王建国', phone: '13800138000', idType: 'resident_id', idNumber: '11010519491231002X' } },
      p2: { id: 'p2', role: 'respondent', personal: { name: '李梅' } },
    },
    status: 'accepted',
    gridId: 'g01',
    handlingNodeId: 'g01',
    handlingLevel: 'grid',
    ...extra,
  });
}

const fromGrid = { id: 'e1', fromLevel: 'grid', toLevel: 'community', toNodeId: 'c1', date: '2025-03-05', reason: '调解不成' };
const fromCommunity = { id: 'e2', fromLevel: 'community', toLevel: 'subdistrict', toNodeId: 's1', date: '2025-03-09', reason: '涉及多户' };

describe('escalatedTraceOf', () => {
  it('is null while the case is handled at or below the level', () => {
    expect(escalatedTraceOf(aCase(), 'grid')).toBeNull();
    expect(escalatedTraceOf(aCase({ handlingLevel: 'community', handlingNodeId: 'c1', escalations: { e1: fromGrid } }), 'community')).toBeNull();
  });

  it('names the escalation that took the case out of the level, with applicant names and no other personal data', () => {
    const c = aCase({ handlingLevel: 'subdistrict', handlingNodeId: 's1', escalations: { e2: fromCommunity, e1: fromGrid } });
    const grid = escalatedTraceOf(c, 'grid')!;
    expect(grid).toEqual({
      id: 'k1',
      caseNo: '（2025）清河调字第0042号',
      type: 'neighbour',
      facts: '楼上漏水',
      gridId: 'g01',
      acceptedOn: '2025-03-02',
      partyNames: ['王建国'],
      toLevel: 'community',
      toNodeId: 'c1',
      escalatedOn: '2025-03-05',
      reason: '调解不成',
    });
    expect(escalatedTraceSchema.parse(grid)).toEqual(grid);
    expect(escalatedTraceOf(c, 'community')).toMatchObject({ toLevel: 'subdistrict', toNodeId: 's1', escalatedOn: '2025-03-09' });
  });

  it('leaves none for a case that never left the level by escalation (taken on above it, then passed on)', () => {
    const c = aCase({ handlingLevel: 'subdistrict', handlingNodeId: 's1', escalations: { e2: fromCommunity } });
    expect(escalatedTraceOf(c, 'grid')).toBeNull();
  });
});
