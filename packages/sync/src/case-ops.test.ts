import { describe, expect, it } from 'vitest';
import { conflictValueWithoutNames } from './case-ops.js';

describe('conflictValueWithoutNames', () => {
  const party = { id: 's1', signer: 'party', partyId: 'p1', signerName: '王秀英' };
  const mediator = { id: 's2', signer: 'mediator', signerName: '张调解' };

  it('drops party names from one signature or a record of them, keeps the mediator’s, leaves other paths alone', () => {
    expect(conflictValueWithoutNames('signatures.s1', party)).toEqual({ id: 's1', signer: 'party', partyId: 'p1' });
    expect(conflictValueWithoutNames('signatures', { s1: party, s2: mediator })).toEqual({ s1: { id: 's1', signer: 'party', partyId: 'p1' }, s2: mediator });
    expect(conflictValueWithoutNames('facts', party)).toBe(party);
    expect(conflictValueWithoutNames('signatures.s1', null)).toBeNull();
  });
});
