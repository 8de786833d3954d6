import { caseSources, disputeTypes, levels, mediatingBodies, outcomes, riskLevels } from '@tiaojie/domain';
import type { CaseFact } from './count-cases.js';

/** A case with sensible defaults for tests; override what the test is about. */
export function makeCase(overrides: Partial<CaseFact> & { id: string; acceptedOn: string }): CaseFact {
  return {
    child: 'c1',
    type: 'neighbour',
    source: 'proactive',
    risk: 'blue',
    isGroup: false,
    peopleInvolved: 2,
    concludedOn: null,
    outcome: null,
    resolvedLevel: null,
    body: null,
    agreementForm: null,
    agreementAmount: 0,
    courtConfirmation: null,
    followUpCount: 0,
    preventedCriminal: false,
    preventedPetition: false,
    ...overrides,
  };
}

/** The sources the golden figures were drawn from (a source added later must not reshuffle them). */
const goldenSources = caseSources.codes.filter((c) => c !== 'referral_other');

/** Deterministic pseudo-random cases around `year` (years year-2 … year+1), valid as the server stores them. */
export function randomCaseFacts(count: number, year: number, children: string[], seed = 1): CaseFact[] {
  let s = seed >>> 0 || 1;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const day = (start: number, span: number) => new Date(Date.UTC(year - 2, 0, 1) + (start + Math.floor(next() * span)) * 86_400_000);
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const out: CaseFact[] = [];
  for (let i = 0; i < count; i++) {
    const accepted = day(0, 4 * 365);
    const open = next() < 0.1;
    const concluded = open ? null : new Date(accepted.getTime() + Math.floor(next() * 90) * 86_400_000);
    const outcome = concluded ? pick(outcomes.codes) : null;
    const success = outcome === 'success';
    const form = success ? pick(['written', 'oral'] as const) : null;
    const isGroup = next() < 0.05;
    out.push({
      id: `case-${seed}-${i}`,
      child: pick(children),
      type: pick(disputeTypes.codes),
      source: pick(goldenSources),
      risk: pick(riskLevels.codes),
      isGroup,
      peopleInvolved: isGroup ? 5 + Math.floor(next() * 30) : 2,
      acceptedOn: iso(accepted),
      concludedOn: concluded ? iso(concluded) : null,
      outcome,
      resolvedLevel: concluded ? pick(levels.codes) : null,
      body: concluded ? pick(mediatingBodies.codes) : null,
      agreementForm: form,
      agreementAmount: form ? Math.round(next() * 1_000_000) / 100 : 0,
      courtConfirmation: form === 'written' ? pick(['none', 'applied', 'confirmed', 'rejected'] as const) : null,
      followUpCount: success ? Math.floor(next() * 3) : 0,
      preventedCriminal: next() < 0.02,
      preventedPetition: next() < 0.02,
    });
  }
  return out;
}
