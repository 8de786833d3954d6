import { caseSources, disputeTypes, messageFor, outcomes, reportingYear, toShanghaiDate, yearOf, type OrgNode } from '@tiaojie/domain';
import { displayCaseNo } from '@tiaojie/report';
import { useCallback, useEffect, useState } from 'react';
import { ApiFailure, getCurrentUser } from '../api/http.ts';
import { linkHandler, navigate } from '../app/router.ts';
import { useT } from '../i18n/index.ts';
import { Dialog } from '../components/dialog.tsx';
import { AdjustmentPanel } from './adjustment-panel.tsx';
import { PrintPreview } from './print-preview.tsx';
import { fetchFile, fetchNodes } from './report-api.ts';
import { fetchStats, fetchStatsCell, fetchStatsLate, signOffStats, statsExportPaths, type StatsCellCases, type StatsView } from './stats-api.ts';
import { currentPart, type Kind } from './stats-period-choice.ts';
import { saveBlob } from './save-blob.ts';
import { staffStrings } from './strings.ts';

const zh = {
  title: '人民调解统计报表',
  period: '统计期间',
  year: '全年',
  quarter: '季度',
  month: '月份',
  q: '第{n}季度',
  m: '{n}月',
  unit: '单位',
  head: '负责人',
  loading: '正在统计…',
  committee: '调解组织',
  xlsx: '导出Excel',
  csv: '导出CSV',
  print: '打印',
  drillTitle: '构成此数的案件',
  value: '计入',
  noCases: '此格没有对应案件（如排查活动的数字）。',
  more: '另有{n}件未列出',
  back: '返回年度报表',
  hint: '点击数字查看构成它的案件。列名和顺序可由街道在设置中调整。',
  caseNo: '案号',
  type: '纠纷类型',
  source: '来源',
  accepted: '受理日期',
  concluded: '办结日期',
  outcome: '结果',
  signLocks: '签发将锁定本单位本期的统计报表（各表、零上报注释、负责人和制表人），作为新的一版。之后同步或修改的案件不改变已签发的数字，只在“签发后调整”中单列；如需更新，可重新签发为下一版。',
  periodNotOver: '本期尚未结束（截至今天的数字）。',
  signers: '负责人：{head}；制表人：{preparer}；填报日期：{date}',
};
const en: typeof zh = {
  title: "People's mediation statistics",
  period: 'Period',
  year: 'Whole year',
  quarter: 'Quarter',
  month: 'Month',
  q: 'Q{n}',
  m: 'Month {n}',
  unit: 'Unit',
  head: 'Responsible person',
  loading: 'Counting…',
  committee: 'Mediation body',
  xlsx: 'Export Excel',
  csv: 'Export CSV',
  print: 'Print',
  drillTitle: 'Cases behind this figure',
  value: 'Counts',
  noCases: 'No case behind this cell (screening rounds, for example).',
  more: '{n} more not listed',
  back: 'Back to the annual report',
  hint: 'Click a figure to see its cases. A sub-district can retitle and reorder the columns in a setting.',
  caseNo: 'Case no.',
  type: 'Type',
  source: 'Source',
  accepted: 'Accepted',
  concluded: 'Concluded',
  outcome: 'Outcome',
  signLocks: 'Signing off locks this unit’s statistics tables for the period (the tables, the nil-report footnote, the responsible person and the preparer) as a new version. Cases synced or changed later do not change the signed figures; they are listed under the adjustments. Sign off again for a new version.',
  periodNotOver: 'This period has not ended yet (the figures run to today).',
  signers: 'Responsible: {head}; prepared by: {preparer}; dated {date}',
};

const today = toShanghaiDate(Date.now());
const thisYear = yearOf(today);

const periodId = (kind: Kind, year: number, part: number) => (kind === 'year' ? `${year}` : kind === 'quarter' ? `${year}-Q${part}` : `${year}-${String(part).padStart(2, '0')}`);

/** The people's-mediation statistics tables of a unit and period: per committee and summed, each figure opens its cases. */
export default function StatsScreen() {
  const { locale } = useT();
  const s = locale === 'en' ? en : zh;
  const staff = staffStrings(locale);
  const me = getCurrentUser();
  const [nodes, setNodes] = useState<OrgNode[]>([]);
  const [nodeId, setNodeId] = useState(me?.nodeId ?? '');
  const [kind, setKind] = useState<Kind>('quarter');
  const [year, setYear] = useState(reportingYear(today));
  const [part, setPart] = useState(() => currentPart('quarter', reportingYear(today), today));
  const [head, setHead] = useState('');
  const [view, setView] = useState<StatsView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<{ title: string; cases: StatsCellCases } | null>(null);
  const [printHtml, setPrintHtml] = useState<string | null>(null);
  const [confirmingSign, setConfirmingSign] = useState(false);
  const [reloads, setReloads] = useState(0);
  const period = periodId(kind, year, part);
  const fail = useCallback((e: unknown) => setError(e instanceof ApiFailure ? messageFor(e.code, locale) : String(e)), [locale]);

  useEffect(() => {
    fetchNodes().then(setNodes, fail);
  }, [fail]);
  useEffect(() => {
    if (!nodeId) return;
    let live = true;
    setBusy(true);
    setError(null);
    fetchStats(period, nodeId, locale)
      .then((v) => live && setView(v), fail)
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [period, nodeId, locale, fail, reloads]);

  const openCell = async (title: string, column: string, row: string) => {
    try {
      setDrill({ title, cases: await fetchStatsCell(period, nodeId, column, row) });
    } catch (e) {
      fail(e);
    }
  };
  const openLate = async (title: string) => {
    try {
      setDrill({ title, cases: await fetchStatsLate(period, nodeId) });
    } catch (e) {
      fail(e);
    }
  };
  const download = async (path: string) => {
    try {
      const { blob, filename } = await fetchFile(path);
      saveBlob(blob, filename);
    } catch (e) {
      fail(e);
    }
  };
  const doSignOff = async () => {
    setConfirmingSign(false);
    try {
      await signOffStats(period, nodeId, head);
      setReloads((n) => n + 1);
    } catch (e) {
      fail(e);
    }
  };
  const openPrint = async () => {
    try {
      setPrintHtml(await (await fetchFile(statsExportPaths.print(period, nodeId, head))).blob.text());
    } catch (e) {
      fail(e);
    }
  };

  return (
    <div className="staff">
      <h2>{s.title}</h2>
      <p>
        <a href="/staff" onClick={(e) => (e.preventDefault(), navigate('/staff'))}>
          {s.back}
        </a>
      </p>
      <div className="card staff-pickers">
        <label className="field">
          <span className="field__label">{s.period}</span>
          <select name="kind" value={kind} onChange={(e) => (setKind(e.target.value as Kind), setPart(currentPart(e.target.value as Kind, year, today)))}>
            <option value="year">{s.year}</option>
            <option value="quarter">{s.quarter}</option>
            <option value="month">{s.month}</option>
          </select>
        </label>
        <label className="field">
          <span className="field__label">{staff.year}</span>
          <select name="year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {Array.from({ length: 8 }, (_, i) => thisYear - i).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        {kind !== 'year' && (
          <label className="field">
            <span className="field__label">{kind === 'quarter' ? s.quarter : s.month}</span>
            <select name="part" value={part} onChange={(e) => setPart(Number(e.target.value))}>
              {Array.from({ length: kind === 'quarter' ? 4 : 12 }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {(kind === 'quarter' ? s.q : s.m).replace('{n}', String(n))}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span className="field__label">{s.unit}</span>
          <select name="node" value={nodeId} onChange={(e) => setNodeId(e.target.value)}>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{s.head}</span>
          <input name="head" value={head} maxLength={50} onChange={(e) => setHead(e.target.value)} />
        </label>
      </div>
      <div className="btn-row">
        <button type="button" className="btn btn--primary" onClick={() => void download(statsExportPaths.xlsx(period, nodeId, head))}>
          {s.xlsx}
        </button>
        <button type="button" className="btn" onClick={() => void download(statsExportPaths.csv(period, nodeId, head))}>
          {s.csv}
        </button>
        <button type="button" className="btn" onClick={() => void openPrint()}>
          {s.print}
        </button>
        {view?.canSignOff && (
          <button type="button" className="btn btn--danger" onClick={() => setConfirmingSign(true)}>
            {view.status === 'signed' ? staff.reissue : staff.signOff}
          </button>
        )}
      </div>
      {error && <p className="card staff-error" role="alert">{error}</p>}
      {busy && <p aria-live="polite">{s.loading}</p>}
      {view && (
        <>
          <p className="staff-status" data-testid="stats-period">
            {view.unit.name} · {view.periodLabel}（{view.period.from} — {view.period.to}）
          </p>
          <p className="staff-status" data-testid="stats-status">
            {view.status === 'signed' && view.signoff
              ? `${staff.signed} · ${staff.version} ${view.signoff.version} · ${view.signoff.signedByName} · ${toShanghaiDate(new Date(view.signoff.signedAt))} · ${s.signers
                  .replace('{head}', view.signoff.head || '—')
                  .replace('{preparer}', view.signoff.preparer || '—')
                  .replace('{date}', view.signoff.reportDate)}`
              : staff.draft}
          </p>
          {view.status === 'signed' && <AdjustmentPanel view={{ adjustmentLines: { zh: view.adjustmentLines, en: view.adjustmentLines }, syncedAfterSignoff: view.syncedAfterSignoff }} s={staff} locale={locale} onDrill={(title) => void openLate(title)} />}
          <p className="staff-status">{s.hint}</p>
          {view.tables.map((t) => (
            <section key={t.key} className="card staff-stats" data-table={t.key}>
              <h3>{t.title}</h3>
              <div className="staff-stats__scroll">
                <table className="staff-table">
                  <thead>
                    {t.columns.some((c) => c.group) && (
                      <tr>
                        <th />
                        {groupRuns(t.columns).map((g, i) => (
                          <th key={i} colSpan={g.span} className="staff-stats__group">
                            {g.title}
                          </th>
                        ))}
                      </tr>
                    )}
                    <tr>
                      <th>{s.committee}</th>
                      {t.columns.map((c) => (
                        <th key={c.key} className="num">
                          {c.title}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {t.rows.map((r) => (
                      <tr key={r.key} className={r.key === '_total' ? 'staff-stats__total' : undefined}>
                        <td>
                          {r.label}
                          {r.node && !r.label.startsWith(r.node) ? <small>（{r.node}）</small> : null}
                        </td>
                        {r.cells.map((n, i) => {
                          const column = t.columns[i]!;
                          const text = column.money ? n.toFixed(2) : String(n);
                          const drillable = n !== 0 && t.key !== 'organisations' && r.key !== '_rounds' && column.key !== 'prevention.rounds';
                          return (
                            <td key={column.key} className="num">
                              {drillable ? (
                                <button type="button" className="linklike" onClick={() => void openCell(`${t.title} · ${r.label} · ${column.group ? `${column.group} ` : ''}${column.title}`, column.key, r.key)}>
                                  {text}
                                </button>
                              ) : (
                                text
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {view.footnote && (
                <p className="staff-stats__note" data-testid="stats-footnote">
                  {view.footnote.text}
                </p>
              )}
            </section>
          ))}
        </>
      )}
      {drill && <div className="staff-drill-backdrop" onClick={() => setDrill(null)} />}
      {drill && (
        <div className="card staff-drill" role="dialog" aria-modal="true" aria-label={s.drillTitle}>
          <h3>
            {s.drillTitle}
            {staff.colon}
            {drill.title}
          </h3>
          {drill.cases.cases.length === 0 ? <p>{s.noCases}</p> : null}
          {drill.cases.count > drill.cases.cases.length ? <p>{s.more.replace('{n}', String(drill.cases.count - drill.cases.cases.length))}</p> : null}
          <table className="staff-table">
            <thead>
              <tr>
                <th>{s.caseNo}</th>
                <th>{s.type}</th>
                <th>{s.source}</th>
                <th>{s.accepted}</th>
                <th>{s.concluded}</th>
                <th>{s.outcome}</th>
                <th className="num">{s.value}</th>
              </tr>
            </thead>
            <tbody>
              {drill.cases.cases.map((c) => (
                <tr key={c.id} data-late={c.afterSignoff}>
                  <td className="case-no">
                    {c.afterSignoff === 'removed' ? <s>{displayCaseNo(c.caseNo, c.id)}</s> : <a {...linkHandler({ name: 'case', id: c.id })}>{displayCaseNo(c.caseNo, c.id)}</a>}
                    {c.afterSignoff && (
                      <span className="badge badge--warn staff-late-badge">{c.afterSignoff === 'created' ? staff.lateCreated : c.afterSignoff === 'removed' ? staff.lateRemoved : staff.lateUpdated}</span>
                    )}
                  </td>
                  <td>{disputeTypes.labelOrCode(c.type, locale)}</td>
                  <td>{caseSources.labelOrCode(c.source, locale)}</td>
                  <td>{c.acceptedOn}</td>
                  <td>{c.concludedOn ?? ''}</td>
                  <td>{c.outcome ? outcomes.labelOrCode(c.outcome, locale) : ''}</td>
                  <td className="num">{c.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="btn" onClick={() => setDrill(null)}>
            {staff.close}
          </button>
        </div>
      )}
      {printHtml !== null && <PrintPreview html={printHtml} s={staff} onClose={() => setPrintHtml(null)} />}
      {confirmingSign && (
        <Dialog title={view?.status === 'signed' ? staff.reissue : staff.signTitle} onClose={() => setConfirmingSign(false)}>
          {view && view.period.to >= today ? <p className="notice notice--warn">{s.periodNotOver}</p> : null}
          <p data-testid="sign-locks">{s.signLocks}</p>
          <div className="btn-row">
            <button type="button" className="btn" onClick={() => setConfirmingSign(false)}>
              {staff.cancel}
            </button>
            <button type="button" className="btn btn--danger" onClick={() => void doSignOff()}>
              {view?.status === 'signed' ? staff.reissue : staff.signOff}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

/** Runs of columns under one heading; a column without one gets an empty heading of its own. */
function groupRuns(columns: StatsView['tables'][number]['columns']) {
  const out: { title: string; span: number }[] = [];
  for (const c of columns) {
    const last = out[out.length - 1];
    if (last && c.group && last.title === c.group) last.span++;
    else out.push({ title: c.group ?? '', span: 1 });
  }
  return out;
}
