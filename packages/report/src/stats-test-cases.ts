import { caseSources, disputeTypes } from '@tiaojie/domain';
import type { StatsCaseFact } from './stats-rows.js';

const noPrevention: StatsCaseFact['prevention'] = { disputes: 0, suicide: 0, suicidePeople: 0, criminal: 0, criminalPeople: 0, petition: 0, petitionPeople: 0, fight: 0, fightPeople: 0 };

/**
 * A generated year of 360 cases with outcomes known by construction (see stats.test.ts for the totals), case i:
 * accepted in month i % 12 + 1; open when i % 10 = 0, else concluded that month — failed when i % 10 = 1, withdrawn
 * when 2, succeeded otherwise; type i % 15, source i % 7; committee `committees[i % committees.length]`; three
 * parties when i % 9 = 0; a group dispute of 10 people when i % 20 = 0; suicide prevented (3 people) when i % 30 = 0,
 * a dispute prevented when i % 12 = 0; an oral agreement on even successes, written on odd ones, 1,000 yuan each;
 * court confirmation applied on written ones with i % 4 = 1 (confirmed when i % 8 = 1); performance fulfilled,
 * partial or unfulfilled by i % 3.
 */
export function statsYearCases(year: number, committees: readonly (string | null)[]): StatsCaseFact[] {
  const out: StatsCaseFact[] = [];
  for (let i = 0; i < 360; i++) {
    const month = String((i % 12) + 1).padStart(2, '0');
    const open = i % 10 === 0;
    const outcome = open ? null : i % 10 === 1 ? 'failed' : i % 10 === 2 ? 'withdrawn' : 'success';
    const form = outcome === 'success' ? (i % 2 === 0 ? 'oral' : 'written') : null;
    out.push({
      id: `st${i}`,
      committeeId: committees[i % committees.length] ?? null,
      type: disputeTypes.codes[i % 15]!,
      source: caseSources.codes[i % 7]!,
      isGroup: i % 20 === 0,
      peopleInvolved: i % 20 === 0 ? 10 : 2,
      partyCount: i % 9 === 0 ? 3 : 2,
      acceptedOn: `${year}-${month}-05`,
      concludedOn: open ? null : `${year}-${month}-20`,
      outcome,
      agreementForm: form,
      agreementAmount: form ? 1000 : 0,
      courtConfirmation: form === 'written' ? (i % 8 === 1 ? 'confirmed' : i % 4 === 1 ? 'applied' : 'none') : null,
      performance: form ? (['fulfilled', 'partial', 'unfulfilled'] as const)[i % 3]! : null,
      prevention: { ...noPrevention, ...(i % 30 === 0 ? { suicide: 1, suicidePeople: 3 } : {}), ...(i % 12 === 0 ? { disputes: 1 } : {}) },
    });
  }
  return out;
}

export { noPrevention as noStatsPrevention };
