import { messageFor, type Locale } from '@tiaojie/domain';
import { useState } from 'react';
import { ApiFailure } from '../api/http.ts';
import { importLedgerFile, type LedgerImportResult } from './report-api.ts';
import type { StaffKey } from './strings.ts';

/** Refusals of the file itself, shown in the panel: the server's Chinese reason names the limit that was passed. */
const fileRefusals = new Set(['LEDGER_TOO_LARGE', 'LEDGER_TOO_MANY_ROWS', 'IMPORT_BUSY']);

/**
 * File picker for a ledger import, a progress bar while the server's import job runs, then the counts and the table
 * of rows the server refused (line, column, reason in the UI's language).
 */
export function LedgerImportPanel({
  s,
  locale,
  onImported,
  onError,
  pollMs,
}: {
  s: Record<StaffKey, string>;
  locale: Locale;
  onImported: () => void;
  onError: (e: unknown) => void;
  /** How often the job is polled (tests shorten it). */
  pollMs?: number;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<LedgerImportResult | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  const run = async () => {
    if (!file) return;
    setBusy(true);
    setResult(null);
    setRefusal(null);
    setProgress(null);
    try {
      const r = await importLedgerFile(file, { onProgress: (done, total) => setProgress({ done, total }), ...(pollMs !== undefined ? { pollMs } : {}) });
      setResult(r);
      if (r.created + r.completed + r.updated > 0) onImported();
    } catch (e) {
      if (e instanceof ApiFailure && fileRefusals.has(e.code)) setRefusal(locale === 'zh-CN' && e.message ? e.message : messageFor(e.code, locale));
      else onError(e);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const bad = result?.rows.filter((r) => r.status === 'rejected') ?? [];
  return (
    <section className="card" data-testid="ledger-import">
      <h3>{s.importTitle}</h3>
      <p className="field__hint">{s.importHint}</p>
      <div className="btn-row">
        <input type="file" name="ledger" accept=".xlsx,.csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="button" className="btn btn--primary" disabled={!file || busy} onClick={() => void run()}>
          {busy ? s.importing : s.importRun}
        </button>
      </div>
      {busy && progress && (
        <div data-testid="ledger-import-progress">
          <progress value={progress.done} max={Math.max(progress.total, 1)} style={{ width: '100%' }} />
          <span>{s.importProgress.replace('{done}', String(progress.done)).replace('{total}', String(progress.total))}</span>
        </div>
      )}
      {refusal && (
        <p className="field__error" role="alert" data-testid="ledger-import-refused">
          {refusal}
        </p>
      )}
      {result && (
        <p data-testid="ledger-import-summary">
          {s.importCreated} {result.created} · {s.importCompleted} {result.completed} · {result.updated > 0 ? `${s.importUpdated} ${result.updated} · ` : ''}
          {s.importUnchanged} {result.unchanged} · {s.importRejected} {result.rejected}
        </p>
      )}
      {bad.length > 0 && (
        <div style={{ overflowX: 'auto', maxHeight: '50vh' }}>
          <table className="staff-table staff-import-errors">
            <thead>
              <tr>
                <th>{s.importLine}</th>
                <th>{s.caseNo}</th>
                <th>{s.importColumn}</th>
                <th>{s.importReason}</th>
              </tr>
            </thead>
            <tbody>
              {bad.flatMap((r) =>
                r.issues.map((i, k) => (
                  <tr key={`${r.line}-${k}`}>
                    <td>{r.line}</td>
                    <td>{r.caseNo ?? ''}</td>
                    <td>{i.column}</td>
                    <td>{i.messages?.[locale] ?? i.message}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
