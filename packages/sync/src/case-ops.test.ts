import { describe, expect, it } from 'vitest';
import type { NewCase } from '@tiaojie/domain';
import { conflictValueWithoutNames, createCaseDocument } from './case-ops.js';

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

describe('createCaseDocument', () => {
  const meta = { createdBy: 'u1', createdAt: '2024-03-02T08:00:00.000Z' };
  const input = {
    id: 'k1',
    gridId: 'g01',
    type: 'neighbour',
    source: 'proactive',
    facts: '漏水',
    reportedOn: '2024-03-01',
    acceptedOn: '2024-03-02',
    parties: { p1: { id: 'p1', role: 'applicant', personal: { name: '王秀英' } } },
  } as unknown as NewCase;

  it('is the input with the server’s fields after it, keys in the same order as Object.assign gives them', () => {
    const withSignatures = { ...input, signatures: { s1: { id: 's1', signer: 'party', partyId: 'p1', signerName: '王秀英' } }, conflicts: { old: 1 } } as unknown as NewCase;
    for (const given of [input, withSignatures]) {
      const doc = createCaseDocument(given, meta);
      const assigned = Object.assign({}, given, {
        ...(doc.signatures ? { signatures: doc.signatures } : {}),
        createdBy: meta.createdBy,
        createdAt: meta.createdAt,
        status: 'accepted',
        handlingNodeId: 'g01',
        handlingLevel: 'grid',
        escalations: {},
        outcome: null,
        conflicts: {},
      });
      expect(Object.keys(doc)).toEqual(Object.keys(assigned));
      expect(JSON.stringify(doc)).toBe(JSON.stringify(assigned));
    }
    // A party's name given with their signature is not copied into the clear document; the input is left as it was.
    expect(createCaseDocument(withSignatures, meta).signatures).toEqual({ s1: { id: 's1', signer: 'party', partyId: 'p1' } });
    expect((withSignatures as { signatures: Record<string, { signerName?: string }> }).signatures.s1!.signerName).toBe('王秀英');
  });
});
