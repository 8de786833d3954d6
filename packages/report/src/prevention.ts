import { preventionKinds, type Locale, type PreventionKind } from '@tiaojie/domain';
import type { ActivityMeasure, StatsMeasure } from './stats-rows.js';

/**
 * Prevention outcomes (预防效果) of one year, counted by the statistics tables' rules (their prevention table's
 * 合计 row): the prevention records of the cases accepted in the year (`caseMeasure`) plus those of the screening
 * rounds (排查) held in it.
 */
export interface PreventionFigures {
  /** 排查纠纷: screening rounds held (次). */
  screeningRounds: number;
  /** 预防纠纷 (件). */
  disputes: number;
  suicide: number;
  suicidePeople: number;
  criminal: number;
  criminalPeople: number;
  petition: number;
  petitionPeople: number;
  fight: number;
  fightPeople: number;
}
export type PreventionCount = Exclude<keyof PreventionFigures, 'screeningRounds'>;

/** The statistics measure (a case's, or a screening round's) behind each count. */
export const preventionMeasureOf = {
  disputes: 'prevDisputes',
  suicide: 'prevSuicide',
  suicidePeople: 'prevSuicidePeople',
  criminal: 'prevCriminal',
  criminalPeople: 'prevCriminalPeople',
  petition: 'prevPetition',
  petitionPeople: 'prevPetitionPeople',
  fight: 'prevFight',
  fightPeople: 'prevFightPeople',
} as const satisfies Record<PreventionCount, ActivityMeasure>;
const counts = Object.keys(preventionMeasureOf) as PreventionCount[];

/** What the server reads for one year: the statistics tables' own queries over that calendar year. */
export interface PreventionRow {
  year: number;
  /** The prevention measures of the cases accepted in the year, summed (absent: 0). */
  cases: Partial<Record<StatsMeasure, number>>;
  /** The year's screening rounds and the outcomes recorded on them. */
  screening: Partial<Record<ActivityMeasure, number>>;
}

/** A year's figures from its row; a year without one counts nothing. */
export function preventionFigures(row: PreventionRow | undefined): PreventionFigures {
  const out = { screeningRounds: row?.screening.screeningRounds ?? 0 } as PreventionFigures;
  for (const k of counts) {
    const m = preventionMeasureOf[k];
    out[k] = (row?.cases[m] ?? 0) + (row?.screening[m] ?? 0);
  }
  return out;
}

/** The kinds in the code list's order, with their case and people counts. */
export function preventionKindCounts(p: PreventionFigures): { kind: PreventionKind; cases: number; people: number }[] {
  return preventionKinds.codes.map((kind) => ({ kind, cases: p[kind], people: p[`${kind}People`] }));
}

export function preventionTotal(p: PreventionFigures): number {
  return counts.reduce((s, k) => s + p[k], 0) + p.screeningRounds;
}

/** Row names: 排查纠纷（次）, 预防纠纷（件）, then each kind's 件 and 人. */
export function preventionLabel(name: keyof PreventionFigures, locale: Locale): string {
  const en = locale === 'en';
  if (name === 'screeningRounds') return en ? 'Screening rounds' : '排查纠纷（次）';
  if (name === 'disputes') return en ? 'Disputes prevented (cases)' : '预防纠纷（件）';
  const people = name.endsWith('People');
  const kind = (people ? name.slice(0, -'People'.length) : name) as PreventionKind;
  const label = preventionKinds.label(kind, locale);
  return en ? `${label} (${people ? 'people' : 'cases'})` : `${label}（${people ? '人' : '件'}）`;
}

export const preventionFigureNames: readonly (keyof PreventionFigures)[] = ['screeningRounds', ...counts];
