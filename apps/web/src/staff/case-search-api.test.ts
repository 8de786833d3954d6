import { describe, expect, it } from 'vitest';
import { caseSearchRowSchema } from '@tiaojie/domain';
import { searchQueryString } from './case-search-api.ts';

describe('staff case search requests', () => {
  it('sends only the filters set, with sort and page', () => {
    expect(searchQueryString({ sort: 'acceptedOn', dir: 'desc' }, 0, 100)).toBe('sort=acceptedOn&dir=desc&offset=0&limit=100');
    const q = new URLSearchParams(searchQueryString({ q: '王秀英', status: 'open', unitId: 's1', overdue: true, sort: 'type', dir: 'asc' }, 200, 100));
    expect(Object.fromEntries(q)).toEqual({ q: '王秀英', status: 'open', unitId: 's1', overdue: 'true', sort: 'type', dir: 'asc', offset: '200', limit: '100' });
  });

  it('parses a row and refuses one with a status it does not know', () => {
    const row = {
      id: 'a1', caseNo: null, status: 'accepted', type: 'neighbour', handlingLevel: 'grid', handlingNodeId: 'g01', gridId: 'g01',
      reportedOn: '2024-01-01', acceptedOn: '2024-01-02', deadline: '2024-02-02', overdue: true, partyNames: ['王秀英'], updatedAt: '2024-01-02T00:00:00Z',
    };
    expect(caseSearchRowSchema.parse(row)).toEqual(row);
    expect(caseSearchRowSchema.safeParse({ ...row, status: 'lost' }).success).toBe(false);
  });
});
