import {
  levels,
  mediatingBodies,
  outcomes,
  performanceStatuses,
  photoKinds,
  riskLevels,
  satisfactionLevels,
  toShanghaiDate,
  type DisputeCase,
  type Locale,
} from '@tiaojie/domain';
import type { TFunction } from 'i18next';

export interface HistoryEntry {
  key: string;
  date: string;
  title: string;
  detail: string;
}

/** The case file (一案一卷) as a timeline, oldest first, derived from the record itself. */
export function caseHistory(c: DisputeCase, t: TFunction, locale: Locale): HistoryEntry[] {
  const entries: HistoryEntry[] = [
    { key: 'accepted', date: c.acceptedOn, title: t('history.accepted'), detail: c.facts },
  ];
  for (const s of Object.values(c.sessions)) {
    entries.push({ key: `s-${s.id}`, date: s.date, title: t('history.session', { mediator: s.mediator }), detail: `${mediatingBodies.label(s.body, locale)}${s.notes ? ` · ${s.notes}` : ''}` });
  }
  for (const v of Object.values(c.investigations)) {
    entries.push({ key: `v-${v.id}`, date: v.date, title: t('history.investigation', { investigators: v.investigators }), detail: `${v.place} · ${v.findings}` });
  }
  for (const e of Object.values(c.escalations)) {
    const title = e.automatic
      ? t('riskGrade.autoEscalated', { level: levels.label(e.toLevel, locale) })
      : t('history.escalated', { from: levels.label(e.fromLevel, locale), to: levels.label(e.toLevel, locale) });
    entries.push({ key: `e-${e.id}`, date: e.date, title, detail: e.reason });
  }
  for (const r of Object.values(c.riskChanges)) {
    entries.push({ key: `r-${r.id}`, date: toShanghaiDate(new Date(r.at)), title: t('riskGrade.changed', { from: riskLevels.label(r.from, locale), to: riskLevels.label(r.to, locale) }), detail: r.reason });
  }
  if (c.outcome) {
    entries.push({ key: 'outcome', date: c.outcome.concludedOn, title: outcomes.label(c.outcome.code, locale), detail: c.outcome.notes });
  }
  for (const f of Object.values(c.followUps)) {
    entries.push({
      key: `f-${f.id}`,
      date: f.date,
      title: t('history.followUp', { visitor: f.visitor }),
      detail: `${performanceStatuses.label(f.performance, locale)} · ${satisfactionLevels.label(f.satisfaction, locale)}${f.notes ? ` · ${f.notes}` : ''}`,
    });
  }
  for (const p of Object.values(c.photos)) {
    entries.push({ key: `p-${p.sha256}`, date: toShanghaiDate(new Date(p.takenAt ?? c.createdAt)), title: t('history.photo'), detail: photoKinds.label(p.kind, locale) });
  }
  // Stable: same-day entries keep the order above (accepted, sessions, investigations, escalations, outcome, follow-ups).
  return entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.date.localeCompare(b.e.date) || a.i - b.i).map(({ e }) => e);
}
