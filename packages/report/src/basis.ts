import { toShanghaiDate, type Locale } from '@tiaojie/domain';
import type { PreviousYearSource } from './figures.js';

/**
 * What the report's comparison with the previous year rests on: figures computed now ('live'), that year's signed
 * report ('signed'), or nothing, when the previous year has no case accepted or concluded ('none').
 */
export type ComparisonBasis = { kind: 'live' } | { kind: 'none' } | PreviousYearSource;

function comparisonText(year: number, locale: Locale, c: ComparisonBasis): string {
  const prev = year - 1;
  if (locale === 'en') {
    if (c.kind === 'none') return `${prev} has no accepted or concluded cases, so no comparison with it is made.`;
    if (c.kind === 'signed') {
      return `Comparisons with ${prev} use that year's signed report (version ${c.version}, signed ${toShanghaiDate(new Date(c.signedAt))}); cases synced after its sign-off do not change them.`;
    }
    return `Comparisons with ${prev} use its figures computed now by the same rules (its report is not signed off).`;
  }
  if (c.kind === 'none') return `${prev}年无受理、办结案件，不与上年比较。`;
  if (c.kind === 'signed') {
    return `与上年比较时，${prev}年数字取自该年度已签发报告（第${c.version}版，${toShanghaiDate(new Date(c.signedAt))}签发），签发后同步的案件不改变这些数字。`;
  }
  return `与上年比较时，${prev}年数字按相同口径以当前数据计算（该年度报告未签发）。`;
}

/**
 * The counting basis (统计口径) printed next to the figures; one entry per figure key, and one saying what the
 * comparison with the previous year rests on when `comparison` is given.
 */
export function countingBasis(year: number, locale: Locale, comparison?: ComparisonBasis): Record<string, string> {
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  const compared: Record<string, string> = comparison ? { comparison: comparisonText(year, locale, comparison) } : {};
  if (locale === 'en') {
    return {
      period: `Calendar year ${year}, dates in Beijing time (Asia/Shanghai), ${start} to ${end}; cases of the node and every unit below it; deleted records excluded.`,
      accepted: `Cases whose acceptance date falls in ${year}.`,
      carriedOver: `Accepted before ${start} and not concluded before it (still open on 1 January).`,
      concluded: `Cases whose conclusion date falls in ${year}, by outcome.`,
      openAtYearEnd: `Open on ${end}: carried over + accepted − concluded.`,
      mediated: `Concluded in ${year} as mediated successfully or mediation failed; withdrawn and not-accepted cases are not mediations.`,
      successRate: 'Mediated successfully ÷ mediated.',
      resolutionRate: 'Concluded ÷ (accepted + carried over).',
      levelShares: 'Successfully mediated cases by the level that resolved them (an escalated case counts once, where it was resolved) ÷ all of them.',
      activities: `Activities dated in ${year}; participants as recorded (person-times).`,
      coverage: 'Grids in the area now; active grid workers = grid workers with at least one case accepted or activity recorded in the year.',
      agreements: `Agreements of cases concluded in ${year}; amounts in yuan.`,
      groupDisputes:
        'Group disputes and the people in them as recorded on the case (people involved, at least 5). A party that is an organisation (company, employer, village committee) counts as one party; its staff or members count only when the case records them among the people involved.',
      prevention: `Prevention outcomes as the statistics tables count them: those recorded on cases accepted in ${year} plus those recorded on screening rounds held in ${year}; each outcome in cases and people. Screening rounds: rounds held in ${year}. "—": not recorded in the signed report.`,
      ...compared,
    };
  }
  return {
    period: `统计期间为${year}年1月1日至12月31日（北京时间），范围为本级及所辖全部单位，已删除记录不计。`,
    accepted: `受理日期在${year}年内的案件。`,
    carriedOver: `${year}年1月1日前受理、当日仍未办结的案件。`,
    concluded: `办结日期在${year}年内的案件，按结果分列。`,
    openAtYearEnd: `截至${end}仍未办结：上年结转+受理−办结。`,
    mediated: `${year}年办结且结果为调解成功或调解不成的案件；当事人撤回、不予受理不计入调解数。`,
    successRate: '调解成功数÷调解数。',
    resolutionRate: '办结数÷（受理数+上年结转数）。',
    levelShares: '调解成功案件按化解层级统计（逐级上报的案件只在最终化解的层级计一次）÷调解成功总数。',
    activities: `活动日期在${year}年内；参与人数按登记人次。`,
    coverage: '网格数为当前辖区网格；在岗活跃网格员指全年至少受理一件案件或登记一次工作台账的网格员。',
    agreements: `${year}年办结案件的调解协议；金额单位为元。`,
    groupDisputes:
      '群体性纠纷及其涉及人数按案件登记的涉及人数（5人及以上）计。当事人为单位（公司、用人单位、村居委会等法人或其他组织）的，计为一方当事人，其职工或成员只在案件登记的涉及人数中计入。',
    prevention: `预防效果与统计报表同一口径：${year}年受理案件登记的预防效果，加${year}年开展的矛盾纠纷排查登记的预防效果，各项分别计件数和人数；排查纠纷为${year}年开展的排查次数。“—”表示已签发报告未记录该项。`,
    ...compared,
  };
}
