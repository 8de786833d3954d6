import './staff.css';
import { disputeTypes, levels, messageFor, outcomes, reportingYear, toShanghaiDate, yearOf, type OrgNode } from '@tiaojie/domain';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiFailure } from '../api/http.ts';
import { getCurrentUser } from '../api/http.ts';
import { useT } from '../i18n/index.ts';
import { ChartPanel } from './chart-panel.tsx';
import { LedgerImportPanel } from './ledger-import-panel.tsx';
import { exportPaths, fetchAnnual, fetchDrill, fetchFile, fetchNodes, signOff, type AnnualView, type DrillList, type ReportTableView } from './report-api.ts';
import { staffStrings } from './strings.ts';

const today = toShanghaiDate(Date.now());
const thisYear = yearOf(today);

function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Staff report screens: pick a year and unit, read the figures, drill into cases, export and sign off. */
export default function StaffReports() {
  const { locale } = useT();
  const s = staffStrings(locale);
  const me = getCurrentUser();
  const [nodes, setNodes] = useState<OrgNode[]>([]);
  const [year, setYear] = useState(reportingYear(today));
  const [nodeId, setNodeId] = useState(me?.nodeId ?? '');
  const [view, setView] = useState<AnnualView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<{ title: string; list: DrillList } | null>(null);
  const [copied, setCopied] = useState(false);

  const fail = useCallback((e: unknown) => setError(e instanceof ApiFailure ? messageFor(e.code, locale) : String(e)), [locale]);

  useEffect(() => {
    fetchNodes().then((ns) => setNodes(ns.filter((n) => n.kind !== 'grid' || ns.length === 1)), fail);
  }, [fail]);

  const load = useCallback(async () => {
    if (!nodeId) return;
    setBusy(true);
    setError(null);
    setView(null);
    try {
      setView(await fetchAnnual(year, nodeId));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }, [year, nodeId, fail]);

  useEffect(() => {
    void load();
  }, [load]);

  const openDrill = async (title: string, figure: string, key: string) => {
    if (!figure) return;
    try {
      setDrill({ title, list: await fetchDrill(year, nodeId, figure, key) });
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

  const openPrint = async () => {
    try {
      const { blob } = await fetchFile(exportPaths.print(year, nodeId));
      window.open(URL.createObjectURL(new Blob([blob], { type: 'text/html' })), '_blank');
    } catch (e) {
      fail(e);
    }
  };

  const doSignOff = async () => {
    if (!window.confirm(s.signConfirm)) return;
    try {
      await signOff(year, nodeId);
      await load();
    } catch (e) {
      fail(e);
    }
  };

  const charts = useMemo(() => {
    if (!view) return null;
    const f = view.report.current;
    const months = f.byMonth.map((m) => `${m.month}月`);
    return {
      month: {
        tooltip: { trigger: 'axis' },
        legend: { data: [s.accepted, s.concluded] },
        grid: { left: 40, right: 10, bottom: 30 },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value' },
        series: [
          { name: s.accepted, type: 'bar', data: f.byMonth.map((m) => m.accepted) },
          { name: s.concluded, type: 'line', data: f.byMonth.map((m) => m.concluded) },
        ],
      },
      type: {
        tooltip: { trigger: 'axis' },
        grid: { left: 110, right: 10, bottom: 20 },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', data: f.byType.map((t) => (disputeTypes.has(t.key) ? disputeTypes.label(t.key, locale) : t.key)) },
        series: [{ name: s.accepted, type: 'bar', data: f.byType.map((t) => t.accepted) }],
      },
      level: {
        tooltip: { trigger: 'item' },
        series: [
          {
            type: 'pie',
            radius: ['35%', '65%'],
            data: f.byLevel.map((l) => ({ name: levels.has(l.key) ? levels.label(l.key, locale) : l.key, value: l.resolved })),
          },
        ],
      },
    };
  }, [view, locale, s]);

  const f = view?.report.current;
  const p = view?.report.previous;
  const text = view ? (locale === 'en' ? view.text.en : view.text.zh) : null;
  const headline: [keyof typeof s, string, number | string, number | string][] = f && p
    ? [
        ['accepted', 'accepted', f.accepted, p.accepted],
        ['carriedOver', 'carriedOver', f.carriedOver, p.carriedOver],
        ['concluded', 'concluded', f.concluded, p.concluded],
        ['openAtYearEnd', 'openAtYearEnd', f.openAtYearEnd, p.openAtYearEnd],
        ['mediated', 'mediated', f.mediated, p.mediated],
        ['succeeded', 'outcome:success', f.succeeded, p.succeeded],
        ['successRate', 'mediated', pct(f.successRate), pct(p.successRate)],
        ['resolutionRate', 'concluded', pct(f.resolutionRate), pct(p.resolutionRate)],
      ]
    : [];

  return (
    <div className="staff">
      <h2>{s.title}</h2>
      <div className="card staff-pickers">
        <label className="field">
          <span className="field__label">{s.year}</span>
          <select name="year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {Array.from({ length: 8 }, (_, i) => thisYear - i).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{s.node}</span>
          <select name="node" value={nodeId} onChange={(e) => setNodeId(e.target.value)}>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <p className="card staff-error" role="alert">{error}</p>}
      {busy && <p aria-live="polite">{s.loading}</p>}
      {view && f && text && charts && (
        <>
          <p className="staff-status" data-testid="report-status">
            {view.status === 'signed' && view.signoff
              ? `${s.signed} · ${s.version} ${view.signoff.version} · ${view.signoff.signedByName} · ${view.signoff.signedAt.slice(0, 10)}`
              : s.draft}
          </p>
          <div className="stats staff-headline">
            {headline.map(([label, figure, cur, prev]) => {
              const [fig, key = ''] = figure.split(':');
              return (
                <button key={label} type="button" className="stat" data-figure={label} onClick={() => void openDrill(s[label], fig!, key)}>
                  <strong>{cur}</strong>
                  <span>{s[label]}</span>
                  <small>
                    {s.prevYear} {prev}
                  </small>
                </button>
              );
            })}
          </div>
          {view.status === 'signed' && (
            <section className="card">
              <h3>{s.adjustments}</h3>
              {view.adjustments.length === 0 ? (
                <p>{s.noAdjustments}</p>
              ) : (
                <table className="staff-table">
                  <tbody>
                    {view.adjustments.slice(0, 40).map((a) => (
                      <tr key={a.path}>
                        <td>{a.path}</td>
                        <td>{a.locked}</td>
                        <td>{a.current}</td>
                        <td>{a.delta > 0 ? `+${a.delta}` : a.delta}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          )}
          <section className="card">
            <h3>{s.text}</h3>
            <p className="staff-text" data-testid="report-text">
              {text.paragraph}
            </p>
            <details>
              <summary>{s.basis}</summary>
              <ol>
                {text.basis.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ol>
            </details>
            <button
              type="button"
              className="btn"
              onClick={() => void navigator.clipboard?.writeText(text.paragraph).then(() => setCopied(true), fail)}
            >
              {copied ? s.copied : s.copy}
            </button>
          </section>
          <section className="card">
            <h3>{s.exports}</h3>
            <div className="btn-row">
              <button type="button" className="btn btn--primary" onClick={() => void download(exportPaths.xlsx(year, nodeId))}>
                {s.xlsx}
              </button>
              <button type="button" className="btn" onClick={() => void download(exportPaths.csv(year, nodeId))}>
                {s.csv}
              </button>
              <button type="button" className="btn" onClick={() => void download(exportPaths.ledgerCsv(year, nodeId))}>
                {s.ledgerCsv}
              </button>
              <button type="button" className="btn" onClick={() => void openPrint()}>
                {s.print}
              </button>
              <button type="button" className="btn" onClick={() => void download(exportPaths.template())}>
                {s.template}
              </button>
              {view.canSignOff && (
                <button type="button" className="btn btn--danger" onClick={() => void doSignOff()}>
                  {view.status === 'signed' ? s.reissue : s.signOff}
                </button>
              )}
            </div>
          </section>
          <LedgerImportPanel s={s} onImported={() => void load()} onError={fail} />
          <ChartPanel title={s.byMonth} option={charts.month} />
          <ChartPanel title={s.byType} option={charts.type} />
          <ChartPanel title={s.byLevel} option={charts.level} />
          {view.tables.map((t) => (
            <FigureTable key={t.id} table={t} onDrill={(title, figure, key) => void openDrill(title, figure, key)} />
          ))}
        </>
      )}
      {drill && (
        <div className="card staff-drill" role="dialog" aria-label={s.drillTitle}>
          <h3>
            {s.drillTitle}: {drill.title} ({drill.list.total})
          </h3>
          {drill.list.total > drill.list.visible && (
            <p>
              {drill.list.total - drill.list.visible} {s.drillHidden}
            </p>
          )}
          <table className="staff-table">
            <thead>
              <tr>
                <th>{s.caseNo}</th>
                <th>{s.type}</th>
                <th>{s.acceptedOn}</th>
                <th>{s.concludedOn}</th>
                <th>{s.outcome}</th>
              </tr>
            </thead>
            <tbody>
              {drill.list.cases.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={`/cases/${c.id}`}>{c.caseNo ?? c.id}</a>
                  </td>
                  <td>{disputeTypes.has(c.type) ? disputeTypes.label(c.type, locale) : c.type}</td>
                  <td>{c.acceptedOn}</td>
                  <td>{c.concludedOn ?? ''}</td>
                  <td>{c.outcome && outcomes.has(c.outcome) ? outcomes.label(c.outcome, locale) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="btn" onClick={() => setDrill(null)}>
            {s.close}
          </button>
        </div>
      )}
    </div>
  );
}

function pct(r: { value: number | null }) {
  return r.value === null ? '—' : `${(Math.round(r.value * 1000) / 10).toFixed(1)}%`;
}

function FigureTable({ table, onDrill }: { table: ReportTableView; onDrill: (title: string, figure: string, key: string) => void }) {
  return (
    <section className="card staff-figures">
      <h3>{table.title}</h3>
      <div style={{ overflowX: 'auto' }}>
        <table className="staff-table" data-table={table.id}>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => {
              const drill = table.drill?.[i];
              return (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>
                      {j === 1 && drill?.figure ? (
                        <button type="button" className="linklike" onClick={() => onDrill(`${table.title} · ${row[0]}`, drill.figure, drill.key)}>
                          {cell}
                        </button>
                      ) : (
                        cell
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {table.note && <p className="field__hint">{table.note}</p>}
    </section>
  );
}
