import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCaseFile } from './case-file.js';
import { isCaseFileComplete } from './case-file-rules.js';
import { caseSchema, type DisputeCase } from './case.js';
import { agreementForms, caseSources, courtConfirmationStatuses, outcomes, photoKinds } from './codes.js';

const base = caseSchema.parse({
  id: 'k1',
  createdBy: 'u1',
  createdAt: '2025-03-02T01:00:00.000Z',
  provisionalNo: '临G01-A3F2-0001',
  type: 'neighbour',
  source: 'proactive',
  facts: '楼上漏水',
  reportedOn: '2025-03-01',
  acceptedOn: '2025-03-02',
  parties: {},
  status: 'accepted',
  gridId: 'g01',
  handlingNodeId: 'g01',
  handlingLevel: 'grid',
});

// Blank or not is what every rule reads; a few ids shared between parties and signatures make "all signed" reachable.
const maybeBlank = fc.constantFrom('', ' ', '有内容');
const partyIds = ['p1', 'p2', 'p3'];
const date = fc.constantFrom('2025-03-05', '2025-03-10');

const generatedCase: fc.Arbitrary<DisputeCase> = fc
  .record({
    caseNo: fc.option(fc.constant('（2025）清河调字第0042号'), { nil: undefined }),
    source: fc.constantFrom(...caseSources.codes),
    parties: fc.subarray(partyIds).chain((ids) => fc.tuple(...ids.map((id) => fc.constantFrom('applicant', 'respondent').map((role) => ({ id, role, personal: { name: `人${id}` } }))))),
    investigations: fc.array(maybeBlank, { maxLength: 3 }),
    sessions: fc.array(fc.record({ notes: maybeBlank, date }), { maxLength: 3 }),
    outcome: fc.option(fc.record({ code: fc.constantFrom(...outcomes.codes), notes: maybeBlank, concludedOn: date }), { nil: null }),
    agreement: fc.option(
      fc.record({
        form: fc.constantFrom(...agreementForms.codes),
        content: maybeBlank,
        signedOn: fc.option(date, { nil: undefined }),
        courtConfirmation: fc.constantFrom(...courtConfirmationStatuses.codes),
        courtConfirmationAppliedOn: fc.option(date, { nil: undefined }),
      }),
      { nil: null },
    ),
    followUps: fc.array(date, { maxLength: 2 }),
    photoKinds: fc.array(fc.constantFrom(...photoKinds.codes), { maxLength: 2 }),
    signatures: fc.array(fc.record({ partyId: fc.option(fc.constantFrom(...partyIds, 'gone'), { nil: undefined }), document: fc.constantFrom('agreement', 'session:s0') }), { maxLength: 4 }),
  })
  .map((g) => {
    const byId = <T extends { id: string }>(items: T[]) => Object.fromEntries(items.map((x) => [x.id, x]));
    return {
      ...base,
      caseNo: g.caseNo,
      source: g.source,
      parties: byId(g.parties),
      investigations: byId(g.investigations.map((interviewees, i) => ({ id: `v${i}`, date: '2025-03-03', place: '现场', investigators: '张', interviewees, findings: '了解' }))),
      sessions: byId(g.sessions.map((s, i) => ({ id: `s${i}`, date: s.date, mediator: '张调解', body: 'grid_worker', notes: s.notes }))),
      outcome: g.outcome && { ...g.outcome, resolvedLevel: 'grid', body: 'grid_worker' },
      status: g.outcome ? 'concluded' : 'mediating',
      agreement: g.agreement && { ...g.agreement, amount: 0, performance: 'pending' },
      followUps: byId(g.followUps.map((d, i) => ({ id: `f${i}`, date: d, visitor: '张', performance: 'fulfilled', satisfaction: 'satisfied', residualRisk: false, notes: '' }))),
      photos: Object.fromEntries(g.photoKinds.map((kind, i) => [String(i).padStart(64, 'a'), { sha256: String(i).padStart(64, 'a'), kind, mime: 'image/jpeg', size: 1 }])),
      signatures: byId(
        g.signatures.map((s, i) => ({
          id: `g${i}`,
          sha256: 'b'.repeat(64),
          mime: 'image/png',
          size: 1,
          document: s.document,
          signer: s.partyId ? 'party' : 'mediator',
          ...(s.partyId ? { partyId: s.partyId } : {}),
          signedAt: '2025-03-10T02:00:00.000Z',
        })),
      ),
    } as DisputeCase;
  });

describe('isCaseFileComplete', () => {
  it('judges every generated case exactly as the built file does', () => {
    let complete = 0;
    fc.assert(
      fc.property(generatedCase, (c) => {
        const built = buildCaseFile(c, { bodyName: '', gridName: '' }).complete;
        if (built) complete++;
        expect(isCaseFileComplete(c)).toBe(built);
      }),
      { numRuns: 3000 },
    );
    // Both answers are reached, or the property would say little.
    expect(complete).toBeGreaterThan(10);
  });
});
