import { activityKinds, disputeTypes, levels, mediatingBodies, preventionKinds, type Locale, type MediatingBody } from '@tiaojie/domain';
import { countingBasis, type ComparisonBasis } from './basis.js';
import { hasPreviousYearData } from './compute.js';
import type { AnnualReport, YearFigures } from './figures.js';
import { formatAmount, formatChange, formatCount } from './format.js';
import { preventionKindCounts, type PreventionFigures } from './prevention.js';
import { formatPercent, type Rate } from './rate.js';

export interface ReportText {
  locale: Locale;
  /** The paragraph to paste into the annual rule-of-law report. */
  paragraph: string;
  /** The counting basis, one sentence per figure. */
  basis: string[];
}

const zhRate = (r: Rate, numLabel: string, denLabel: string) =>
  `${formatPercent(r)}（${numLabel}${r.numerator}件÷${denLabel}${r.denominator}件）`;

function topTypes(f: YearFigures, n: number) {
  return [...f.byType].filter((t) => t.accepted > 0).sort((a, b) => b.accepted - a.accepted || a.key.localeCompare(b.key)).slice(0, n);
}

/** Specialised committees, as the seeds' reports name their part ("区诉调委调解成功案件351件，交调委调解道路交通事故纠纷424件"). */
const specialisedZh: Partial<Record<MediatingBody, (n: number) => string>> = {
  court_linked: (n) => `诉调委调解成功案件${n}件`,
  traffic: (n) => `交调委调解成功道路交通事故纠纷${n}件`,
  medical: (n) => `医调委调解成功医疗纠纷${n}件`,
  labour: (n) => `劳动争议调解组织调解成功案件${n}件`,
  property: (n) => `物业纠纷调解委员会调解成功案件${n}件`,
  marriage_family: (n) => `婚姻家庭纠纷调解委员会调解成功案件${n}件`,
};

function specialisedParts(f: YearFigures) {
  return f.byBody.filter((b) => b.succeeded > 0 && specialisedZh[b.key]);
}

/** "预防纠纷154件，防止民间纠纷引起自杀2件3人……": the outcomes that happened, none when nothing did. */
function zhPrevention(p: PreventionFigures): string | null {
  const parts: string[] = [];
  if (p.disputes > 0) parts.push(`预防纠纷${p.disputes}件`);
  for (const k of preventionKindCounts(p)) {
    if (k.cases + k.people > 0) parts.push(`${preventionKinds.label(k.kind)}${k.cases}件${k.people}人`);
  }
  return parts.length > 0 ? `${parts.join('，')}。` : null;
}

const enPreventionKind = { suicide: 'suicide', criminal: 'a criminal case', petition: 'a group petition', fight: 'a group fight' } as const;

function enPrevention(p: PreventionFigures): string | null {
  const n = (x: number) => formatCount(x, 'en');
  const parts: string[] = [];
  if (p.disputes > 0) parts.push(`${plural(p.disputes, 'dispute was', 'disputes were')} prevented`);
  for (const k of preventionKindCounts(p)) {
    if (k.cases + k.people > 0) parts.push(`${plural(k.cases, 'case', 'cases')} (${n(k.people)} ${k.people === 1 ? 'person' : 'people'}) kept from turning into ${enPreventionKind[k.kind]}`);
  }
  if (parts.length === 0) return null;
  const text = parts.join('; ');
  return `Prevention: ${text}.`;
}

function zhParagraph(r: AnnualReport): string {
  const f = r.current;
  const o = f.concludedByOutcome;
  const parts: string[] = [];
  parts.push(
    `${r.year}年，${r.node.name}共受理各类矛盾纠纷${f.accepted}件，上年结转${f.carriedOver}件，办结${f.concluded}件` +
      `（调解成功${o.success}件、调解不成${o.failed}件、当事人撤回${o.withdrawn}件、不予受理${o.not_accepted}件），年末在办${f.openAtYearEnd}件。`,
  );
  parts.push(`全年调解各类纠纷${f.mediated}件，调解成功${f.succeeded}件，成功率${formatPercent(f.successRate)}（调解成功${f.succeeded}件÷调解${f.mediated}件）。`);
  const specialised = specialisedParts(f);
  if (specialised.length > 0) parts.push(`其中，${specialised.map((b) => specialisedZh[b.key]!(b.succeeded)).join('，')}。`);
  parts.push(`矛盾纠纷化解率${zhRate(f.resolutionRate, '办结', '受理与上年结转合计')}。`);
  if (f.resolved > 0) {
    const lv = f.byLevel.map((l) => `在${levels.label(l.key)}层级化解${l.resolved}件，占${formatPercent(l.share)}`);
    parts.push(`调解成功的${f.resolved}件纠纷中，${lv.join('；')}。`);
  }
  const top = topTypes(f, 3);
  if (top.length > 0) {
    parts.push(`从纠纷类型看，${top.map((t) => `${disputeTypes.label(t.key)}纠纷${t.accepted}件`).join('、')}位居前列。`);
  }
  if (f.groupDisputes > 0) parts.push(`受理群体性纠纷${f.groupDisputes}件，涉及${f.groupPeople}人。`);
  const act = new Map(f.activities.map((a) => [a.key, a]));
  const actParts: string[] = [];
  const a = (k: (typeof activityKinds.codes)[number]) => act.get(k) ?? { count: 0, participants: 0, disputesFound: 0 };
  if (a('screening').count) actParts.push(`开展矛盾纠纷排查${a('screening').count}次，排查出矛盾纠纷${a('screening').disputesFound}件`);
  if (a('meeting').count) actParts.push(`召开矛盾纠纷排查会（矛排会）${a('meeting').count}次`);
  if (a('training').count) actParts.push(`开展人民调解员培训${a('training').count}次，参训${a('training').participants}人次`);
  if (a('publicity').count) actParts.push(`开展普法宣传活动${a('publicity').count}次，受教育${a('publicity').participants}人次`);
  if (a('consultation').count) actParts.push(`提供法律咨询${a('consultation').participants}人次`);
  if (actParts.length) parts.push(`${actParts.join('，')}。`);
  if (f.coverage.grids > 0) {
    parts.push(
      `辖区划分${f.coverage.grids}个网格，配备${f.coverage.gridWorkers}名网格员，其中${f.coverage.activeGridWorkers}名全年有办案或工作台账记录` +
        `（占${formatPercent(f.coverage.activeShare)}，${f.coverage.activeGridWorkers}÷${f.coverage.gridWorkers}）。`,
    );
  }
  const ag = f.agreements;
  if (ag.written + ag.oral > 0) {
    parts.push(
      `达成书面调解协议${ag.written}份、口头协议${ag.oral}份，协议涉及金额${formatAmount(ag.amount, 'zh-CN')}；` +
        `申请司法确认${ag.courtApplied}件，确认有效${ag.courtConfirmed}件；回访调解成功案件${ag.followedUp}件` +
        `（回访率${formatPercent(ag.followUpShare)}，${ag.followedUp}÷${f.succeeded}），共回访${ag.followUpVisits}次。`,
    );
  }
  if (f.prevention) {
    const sentence = zhPrevention(f.prevention);
    if (sentence) parts.push(sentence);
  } else if (f.prevented.criminal + f.prevented.petition > 0) {
    // A report signed before it carried the prevention outcomes reads as it was signed.
    parts.push(`防止民间纠纷转化为刑事案件${f.prevented.criminal}件，防止群体性上访${f.prevented.petition}件。`);
  }
  // A year with no case accepted or concluded (before the system was used) is nothing to compare with.
  if (hasPreviousYearData(r)) {
    parts.push(
      `与${r.year - 1}年相比，受理纠纷${formatChange(r.changes.accepted, '件', 'zh-CN')}，调解成功${formatChange(r.changes.succeeded, '件', 'zh-CN')}。`,
    );
  }
  return parts.join('');
}

// "100.0%, 10 of 10": a rate inside brackets of its own read "(100.0% (10 ÷ 10))".
const enRate = (r: Rate) => `${formatPercent(r)}, ${formatCount(r.numerator, 'en')} of ${formatCount(r.denominator, 'en')}`;
const plural = (count: number, one: string, many: string) => `${formatCount(count, 'en')} ${count === 1 ? one : many}`;

function enParagraph(r: AnnualReport): string {
  const f = r.current;
  const o = f.concludedByOutcome;
  const n = (x: number) => formatCount(x, 'en');
  const parts: string[] = [];
  parts.push(
    `In ${r.year}, ${r.node.name} accepted ${n(f.accepted)} disputes of all kinds, with ${n(f.carriedOver)} carried over from the previous year; ` +
      `${n(f.concluded)} were concluded (${n(o.success)} mediated successfully, ${n(o.failed)} mediation failed, ${n(o.withdrawn)} withdrawn, ` +
      `${n(o.not_accepted)} not accepted) and ${n(f.openAtYearEnd)} were still open at year end.`,
  );
  parts.push(
    `${n(f.mediated)} disputes were mediated over the year, ${n(f.succeeded)} of them successfully: a success rate of ${enRate(f.successRate)}.`,
  );
  const specialised = specialisedParts(f);
  if (specialised.length > 0) {
    parts.push(`Of these, specialised committees settled ${specialised.map((b) => `${n(b.succeeded)} (${mediatingBodies.label(b.key, 'en').toLowerCase()})`).join(', ')}.`);
  }
  parts.push(`The resolution rate was ${enRate(f.resolutionRate)}, concluded over accepted plus carried over.`);
  if (f.resolved > 0) {
    const lv = f.byLevel.map((l) => `${n(l.resolved)} at ${levels.label(l.key, 'en').toLowerCase()} level (${formatPercent(l.share)})`);
    parts.push(`Of the ${n(f.resolved)} disputes resolved, ${lv.join(', ')}.`);
  }
  const top = topTypes(f, 3);
  if (top.length > 0) {
    parts.push(`The most frequent types were ${top.map((t) => `${disputeTypes.label(t.key, 'en').toLowerCase()} (${n(t.accepted)})`).join(', ')}.`);
  }
  if (f.groupDisputes > 0) parts.push(`${n(f.groupDisputes)} group disputes involved ${n(f.groupPeople)} people.`);
  const acts = f.activities.filter((a) => a.count > 0);
  if (acts.length) {
    parts.push(
      `Recorded activities: ${acts
        .map((a) => {
          // As the Chinese text: screenings also say how many disputes they brought to light.
          const found = a.key === 'screening' ? `, ${n(a.disputesFound)} disputes found` : '';
          return `${n(a.count)} × ${activityKinds.label(a.key, 'en').toLowerCase()} (${plural(a.participants, 'participant', 'participants')}${found})`;
        })
        .join('; ')}.`,
    );
  }
  if (f.coverage.grids > 0) {
    parts.push(
      `The area is divided into ${n(f.coverage.grids)} grids with ${n(f.coverage.gridWorkers)} grid workers, ` +
        `${n(f.coverage.activeGridWorkers)} of whom recorded a case or activity in the year (${enRate(f.coverage.activeShare)}).`,
    );
  }
  const ag = f.agreements;
  if (ag.written + ag.oral > 0) {
    parts.push(
      `${n(ag.written)} written and ${n(ag.oral)} oral agreements covered ${formatAmount(ag.amount, 'en')}; ` +
        `court confirmation was sought for ${n(ag.courtApplied)} and granted for ${n(ag.courtConfirmed)}; ` +
        `${n(ag.followedUp)} resolved cases were visited afterwards (${enRate(ag.followUpShare)}), ${n(ag.followUpVisits)} visits in all.`,
    );
  }
  if (f.prevention) {
    const sentence = enPrevention(f.prevention);
    if (sentence) parts.push(sentence);
  } else if (f.prevented.criminal + f.prevented.petition > 0) {
    parts.push(`${n(f.prevented.criminal)} disputes were kept from turning criminal and ${n(f.prevented.petition)} group petitions were prevented.`);
  }
  if (hasPreviousYearData(r)) {
    parts.push(
      `Compared with ${r.year - 1}, accepted disputes were ${formatChange(r.changes.accepted, '', 'en')} and successful mediations ${formatChange(r.changes.succeeded, '', 'en')}.`,
    );
  }
  return parts.join(' ');
}

/** What the report's comparison with the previous year rests on. */
export function comparisonBasis(report: AnnualReport): ComparisonBasis {
  if (!hasPreviousYearData(report)) return { kind: 'none' };
  return report.previousSource ?? { kind: 'live' };
}

export function reportText(report: AnnualReport, locale: Locale = 'zh-CN'): ReportText {
  // A report signed before it carried the prevention outcomes keeps the basis it was signed with.
  const basis = Object.entries(countingBasis(report.year, locale, comparisonBasis(report)))
    .filter(([key]) => key !== 'prevention' || report.current.prevention)
    .map(([, sentence]) => sentence);
  return { locale, paragraph: locale === 'en' ? enParagraph(report) : zhParagraph(report), basis };
}
