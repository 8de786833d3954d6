import { activityKinds, caseSources, disputeTypes, levels, mediatingBodies, outcomes, riskLevels, type Locale } from '@tiaojie/domain';
import { preventionFigureNames, preventionLabel } from './prevention.js';

/**
 * The human names of the figures, shared by the tables and the adjustment list so that a figure reads the same
 * wherever it is shown. Keys are the field names of YearFigures and its lines.
 */
const figureNames = {
  accepted: ['受理', 'Accepted'],
  carriedOver: ['上年结转', 'Carried over'],
  concluded: ['办结', 'Concluded'],
  openAtYearEnd: ['年末在办', 'Open at year end'],
  mediated: ['调解', 'Mediated'],
  succeeded: ['调解成功', 'Succeeded'],
  resolved: ['调解成功', 'Resolved'],
  successRate: ['调解成功率', 'Success rate'],
  resolutionRate: ['化解率', 'Resolution rate'],
  share: ['占比', 'Share'],
  groupDisputes: ['群体性纠纷', 'Group disputes'],
  groupPeople: ['群体性纠纷涉及人数', 'People in group disputes'],
  count: ['次数', 'Count'],
  participants: ['参与人次', 'Participants'],
  disputesFound: ['排查出纠纷', 'Disputes found'],
  grids: ['网格数', 'Grids'],
  gridWorkers: ['网格员', 'Grid workers'],
  activeGridWorkers: ['活跃网格员', 'Active grid workers'],
  activeShare: ['活跃网格员占比', 'Active grid worker share'],
  written: ['书面协议', 'Written agreements'],
  oral: ['口头协议', 'Oral agreements'],
  writtenShare: ['书面协议占比', 'Written agreement share'],
  amount: ['协议涉及金额（元）', 'Agreement amounts (yuan)'],
  courtApplied: ['申请司法确认', 'Court confirmation applied'],
  courtConfirmed: ['司法确认有效', 'Confirmed by court'],
  courtShare: ['申请司法确认占比', 'Court confirmation share'],
  followedUp: ['回访案件', 'Cases followed up'],
  followUpVisits: ['回访次数', 'Follow-up visits'],
  followUpShare: ['回访占比', 'Follow-up share'],
  criminal: ['防止民转刑', 'Kept from turning criminal'],
  petition: ['防止群体性上访', 'Group petitions prevented'],
} as const satisfies Record<string, readonly [string, string]>;
export type FigureName = keyof typeof figureNames;

export function figureLabel(name: FigureName, locale: Locale): string {
  const [zh, en] = figureNames[name];
  return locale === 'en' ? en : zh;
}

const monthsEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A month (1–12) as a short axis/row label: 3月, Mar. */
export function monthLabel(month: number, locale: Locale): string {
  return locale === 'en' ? (monthsEn[month - 1] ?? String(month)) : `${month}月`;
}

/** The name of the number at the end of a path ('accepted', 'resolutionRate.numerator', …); undefined if unknown. */
function leafLabel(parts: string[], locale: Locale): string | undefined {
  const [head, part] = parts;
  if (!head || !(head in figureNames)) return undefined;
  const name = figureLabel(head as FigureName, locale);
  if (parts.length === 1) return name;
  // Rates are stored as numerator and denominator; the value itself never appears in a path.
  if (parts.length === 2 && (part === 'numerator' || part === 'denominator')) {
    const side = locale === 'en' ? part : part === 'numerator' ? '分子' : '分母';
    return locale === 'en' ? `${name} (${side})` : `${name}（${side}）`;
  }
  return undefined;
}

interface CodeList {
  labelOrCode(code: string, locale: Locale): string;
}

/** The breakdowns whose lines are keyed by a code of a domain code list. */
const listsByCode: Record<string, CodeList> = {
  byType: disputeTypes,
  bySource: caseSources,
  byRisk: riskLevels,
  byBody: mediatingBodies,
  byLevel: levels,
  activities: activityKinds,
};

const join = (item: string, figure: string) => `${item} · ${figure}`;

/**
 * A readable name for an adjustment path from figureValues ('byChild.c1.resolutionRate.numerator' →
 * '东湖社区 · 化解率（分子）'). Child units are named from the report's children; a path it cannot read is shown as is
 * rather than dropped, so no adjustment ever disappears from the list.
 */
export function adjustmentLabel(path: string, locale: Locale, children: readonly { id: string; name: string }[] = []): string {
  const parts = path.split('.');
  const [section = '', key = ''] = parts;
  // 'resolved' totals byLevel and reads 调解成功 like 'succeeded'; naming its breakdown keeps the two rows apart.
  if (path === 'resolved') return join(locale === 'en' ? 'All levels' : '各层级合计', figureLabel('resolved', locale));
  if (section === 'concludedByOutcome' && parts.length === 2) {
    return join(figureLabel('concluded', locale), outcomes.labelOrCode(key, locale));
  }
  if (section === 'byChild') {
    // Matched by prefix so that a unit id containing a dot still finds its unit.
    const child = children.find((c) => path.startsWith(`byChild.${c.id}.`));
    const id = child?.id ?? key;
    const leaf = leafLabel(path.slice(`byChild.${id}.`.length).split('.'), locale);
    return leaf ? join(child?.name ?? id, leaf) : path;
  }
  if (section === 'byMonth') {
    const leaf = leafLabel(parts.slice(2), locale);
    return leaf ? join(monthLabel(Number(key), locale), leaf) : path;
  }
  const list = listsByCode[section];
  if (list) {
    const leaf = leafLabel(parts.slice(2), locale);
    return leaf ? join(list.labelOrCode(key, locale), leaf) : path;
  }
  if (section === 'prevention' && parts.length === 2 && (preventionFigureNames as readonly string[]).includes(key)) {
    return preventionLabel(key as (typeof preventionFigureNames)[number], locale);
  }
  // coverage.*, agreements.*, prevented.*: the group adds nothing the figure's own name does not say.
  if (section === 'coverage' || section === 'agreements' || section === 'prevented') return leafLabel(parts.slice(1), locale) ?? path;
  return leafLabel(parts, locale) ?? path;
}
