import '../i18n/later.ts';
import './staff.css';
import { messageFor, reportingYear, toShanghaiDate, yearOf, type OrgNode } from '@tiaojie/domain';
import { numericColumns } from '@tiaojie/report';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiFailure } from '../api/http.ts';
import { getCurrentUser } from '../api/http.ts';
import { useT } from '../i18n/index.ts';
import { AdjustmentPanel } from './adjustment-panel.tsx';
import { ChartPanel } from './chart-panel.tsx';
import { staffCharts } from './chart-options.ts';
import { DrillTable } from './drill-table.tsx';
import { LedgerImportPanel } from './ledger-import-panel.tsx';
import { exportPaths, fetchAnnual, fetchDrill, fetchFile, fetchNodes, signOff, type AnnualView, type DrillList, type ReportTableView } from './report-api.ts';
import { staffStrings } from './strings.ts';
import { PrintPreview } from './print-preview.tsx';
import { Dialog } from '../components/dialog.tsx';
import { replaceSearch } from '../app/router.ts';
import { navigate, usePathname } from '../app/router.ts';
import { saveBlob } from './save-blob.ts';
import { canReadAuditTrail } from './audit-access.ts';

const AuditScreen = lazy(() => import('./audit-screen.tsx'));
const AccountsScreen = lazy(() => import('./accounts-screen.tsx'));
const RiskBoardScreen = lazy(() => import('./risk-board-screen.tsx'));
const StatsScreen = lazy(() => import('./stats-screen.tsx'));
const CommitteesScreen = lazy(() => import('./committees-screen.tsx'));
const IntakeScreen = lazy(() => import('./intake-screen.tsx'));

/**
 * The staff area: the annual reports at /staff, the audit trail at /staff/audit and (administrators) the accounts
 * and devices at /staff/accounts, each loaded when opened.
 */
export default function StaffArea() {
  const path = usePathname();
  const me = getCurrentUser();
  if (path.startsWith('/staff/accounts') && me?.role === 'admin') {
    return (
      <Suspense fallback={<p className="empty">…</p>}>
        <AccountsScreen />
      </Suspense>
    );
  }
  if (path.startsWith('/staff/audit') && me && canReadAuditTrail(me)) {
    return (
      <Suspense fallback={<p className="empty">…</p>}>
        <AuditScreen />
      </Suspense>
    );
  }
  if (path.startsWith('/staff/board')) {
    return (
      <Suspense fallback={<p className="empty">…</p>}>
        <RiskBoardScreen />
      </Suspense>
    );
  }
  if (path.startsWith('/staff/stats')) {
    return (
      <Suspense fallback={<p className="empty">…</p>}>
        <StatsScreen />
      </Suspense>
    );
  }
  if (path.startsWith('/staff/intake')) {
    return (
      <Suspense fallback={<p className="empty">…</p>}>
        <IntakeScreen />
      </Suspense>
    );
  }
  if (path.startsWith('/staff/committees') && me?.role === 'admin') {
    return (
      <Suspense fallback={<p className="empty">…</p>}>
        <CommitteesScreen />
      </Suspense>
    );
  }
  return <StaffReports />;
}

const today = toShanghaiDate(Date.now());

function yearFromAddress(): number | null {
  const y = Number(new URLSearchParams(window.location.search).get('year'));
  return Number.isInteger(y) && y > thisYear - 8 && y <= thisYear ? y : null;
}
const thisYear = yearOf(today);

/** Staff report screens: pick a year and unit, read the figures, drill into cases, export and sign off. */
function StaffReports() {
  const { t, locale } = useT();
  const s = staffStrings(locale);
  const me = getCurrentUser();
  const [nodes, setNodes] = useState<OrgNode[]>([]);
  // The year and unit live in the address too: Back from a case opened in the drill-down comes back to them.
  const [year, setYear] = useState(() => yearFromAddress() ?? reportingYear(today));
  const [nodeId, setNodeId] = useState(() => new URLSearchParams(window.location.search).get('node') ?? me?.nodeId ?? '');
  useEffect(() => {
    if (nodeId) replaceSearch({ year: String(year), node: nodeId });
  }, [year, nodeId]);
  const [view, setView] = useState<AnnualView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<{ title: string; list: DrillList } | null>(null);
  const [copied, setCopied] = useState(false);
  const [printHtml, setPrintHtml] = useState<string | null>(null);
  const [confirmingSign, setConfirmingSign] = useState(false);

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

  /** New figures for the same year and unit, the screen kept meanwhile (an import's result table stays). */
  const refresh = useCallback(async () => {
    try {
      setView(await fetchAnnual(year, nodeId));
    } catch (e) {
      fail(e);
    }
  }, [year, nodeId, fail]);

  // The case list is a modal: Escape closes it, as the backdrop click and the close button do.
  const drillOpen = drill !== null;
  const drillRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!drillOpen) return;
    // Focus moves into the list (not to its close button, which would scroll a long list to its end).
    drillRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setDrill(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drillOpen]);

  const openDrill = async (title: string, figure: string, key: string, synced: 'all' | 'afterSignoff' = 'all') => {
    if (!figure) return;
    try {
      setDrill({ title, list: await fetchDrill(year, nodeId, figure, key, synced) });
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
      setPrintHtml(await blob.text());
    } catch (e) {
      fail(e);
    }
  };

  const doSignOff = async () => {
    setConfirmingSign(false);
    try {
      await signOff(year, nodeId);
      await refresh();
    } catch (e) {
      fail(e);
    }
  };

  const charts = useMemo(() => (view ? staffCharts(view.report.current, s, locale) : null), [view, locale, s]);

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
  // A unit with nothing recorded the year before (new to the app) would show 0 and — on every tile.
  const previousEmpty = !!p && p.accepted === 0 && p.carriedOver === 0 && p.concluded === 0 && p.openAtYearEnd === 0;

  return (
    <div className="staff">
      <h2>{s.title}</h2>
      <p className="staff-links">
        <a
          href="/staff/board"
          data-testid="open-risk-board"
          onClick={(e) => {
            e.preventDefault();
            navigate('/staff/board');
          }}
        >
          {locale === 'en' ? 'Risk warning board' : '风险预警看板'}
        </a>
        <a href="/staff/stats" onClick={(e) => (e.preventDefault(), navigate('/staff/stats'))}>
          {locale === 'en' ? "People's mediation statistics" : '人民调解统计报表'}
        </a>
        <a href="/staff/intake" data-testid="open-intake" onClick={(e) => (e.preventDefault(), navigate('/staff/intake'))}>
          {locale === 'en' ? 'Channel cases (12345, courts, police)' : '渠道案件（12345、诉前委派、公安移交）'}
        </a>
        {me?.role === 'admin' ? (
          <a href="/staff/committees" onClick={(e) => (e.preventDefault(), navigate('/staff/committees'))}>
            {locale === 'en' ? 'Mediation committees' : '调解组织管理'}
          </a>
        ) : null}
      </p>
      {me && canReadAuditTrail(me) ? (
        <p className="staff-links">
          <a
            href="/staff/audit"
            onClick={(e) => {
              e.preventDefault();
              navigate('/staff/audit');
            }}
          >
            {locale === 'en' ? 'Audit trail' : '审计记录'}
          </a>
          {me.role === 'admin' ? (
            <a
              href="/staff/accounts"
              onClick={(e) => {
                e.preventDefault();
                navigate('/staff/accounts');
              }}
            >
              {t('accounts.link')}
            </a>
          ) : null}
        </p>
      ) : null}
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
              ? `${s.signed} · ${s.version} ${view.signoff.version} · ${view.signoff.signedByName} · ${toShanghaiDate(new Date(view.signoff.signedAt))}`
              : s.draft}
          </p>
          <div className="stats staff-headline">
            {headline.map(([label, figure, cur, prev]) => {
              const [fig, key = ''] = figure.split(':');
              return (
                <button key={label} type="button" className="stat" data-figure={label} onClick={() => void openDrill(s[label], fig!, key)}>
                  <strong>{cur}</strong>
                  <span>{s[label]}</span>
                  <small>{previousEmpty ? s.prevYearNone : `${s.prevYear} ${prev}`}</small>
                </button>
              );
            })}
          </div>
          {view.status === 'signed' && (
            <AdjustmentPanel view={view} s={s} locale={locale} onDrill={(title, figure, key, synced) => void openDrill(title, figure, key, synced)} />
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
                <button type="button" className="btn btn--danger" onClick={() => setConfirmingSign(true)}>
                  {view.status === 'signed' ? s.reissue : s.signOff}
                </button>
              )}
            </div>
          </section>
          <LedgerImportPanel s={s} locale={locale} onImported={() => void refresh()} onError={fail} />
          <ChartPanel title={s.byMonth} option={charts.month} />
          <ChartPanel title={s.byType} option={charts.type} height={charts.typeHeight} />
          <ChartPanel title={s.byLevel} option={charts.level} />
          {view.tables[locale === 'en' ? 'en' : 'zh'].map((t) => (
            <FigureTable key={t.id} table={t} onDrill={(title, figure, key) => void openDrill(title, figure, key)} />
          ))}
        </>
      )}
      {drill && <div className="staff-drill-backdrop" data-testid="drill-backdrop" onClick={() => setDrill(null)} />}
      {drill && (
        <div ref={drillRef} tabIndex={-1} className="card staff-drill" role="dialog" aria-modal="true" aria-label={s.drillTitle}>
          <div className="staff-drill__head">
            <h3>
              {s.drillTitle}
              {s.colon}
              {drill.title}
              {s.countIn.replace('{n}', String(drill.list.total))}
            </h3>
            {/* At the top and staying there: at the bottom of a 68-row list nobody found it. */}
            <button type="button" className="btn" onClick={() => setDrill(null)}>
              {s.close}
            </button>
          </div>
          {drill.list.total > drill.list.visible && (
            <p>
              {drill.list.total - drill.list.visible} {s.drillHidden}
            </p>
          )}
          <DrillTable list={drill.list} s={s} locale={locale} />
        </div>
      )}
      {printHtml !== null && <PrintPreview html={printHtml} s={s} onClose={() => setPrintHtml(null)} />}
      {confirmingSign && (
        <Dialog title={view?.status === 'signed' ? s.reissue : s.signTitle} onClose={() => setConfirmingSign(false)}>
          {/* The running year can be signed (a mid-year report), but never without saying the year is not over. */}
          {year >= thisYear ? <p className="notice notice--warn">{s.signBeforeYearEnd}</p> : null}
          <p data-testid="sign-locks">{s.signLocks}</p>
          <div className="btn-row">
            <button type="button" className="btn" onClick={() => setConfirmingSign(false)}>
              {s.cancel}
            </button>
            <button type="button" className="btn btn--danger" onClick={() => void doSignOff()}>
              {view?.status === 'signed' ? s.reissue : s.signOff}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

function pct(r: { value: number | null }) {
  return r.value === null ? '—' : `${(Math.round(r.value * 1000) / 10).toFixed(1)}%`;
}

function FigureTable({ table, onDrill }: { table: ReportTableView; onDrill: (title: string, figure: string, key: string) => void }) {
  const numeric = numericColumns(table);
  return (
    <section className="card staff-figures">
      <h3>{table.title}</h3>
      <div style={{ overflowX: 'auto' }}>
        <table className="staff-table" data-table={table.id}>
          <thead>
            <tr>
              {table.columns.map((c, j) => (
                <th key={c} className={numeric[j] ? 'num' : undefined}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => {
              const drill = table.drill?.[i];
              return (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j} className={numeric[j] ? 'num' : undefined}>
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
