import type { Locale } from '@tiaojie/domain';
import { useState } from 'react';
import { importLedgerFile, type LedgerImportResult } from './report-api.ts';
import type { StaffKey } from './strings.ts';

/** File picker for a ledger import and the table of rows the server refused (line, column, reason in the UI's language). */
export function LedgerImportPanel({
  s,
  locale,
  onImported,
  onError,
}: {
  s: Record<StaffKey, string>;
  locale: Locale;
  onImported: () => void;
  onError: (e: unknown) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LedgerImportResult | null>(null);

  const run = async () => {
    if (!file) return;
    setBusy(true);
    setResult(null);
    try {
      const r = await importLedgerFile(file);
      setResult(r);
      if (r.created + r.completed > 0) onImported();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
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
      {result && (
        <p data-testid="ledger-import-summary">
          {s.importCreated} {result.created} · {s.importCompleted} {result.completed} · {s.importUnchanged} {result.unchanged} · {s.importRejected}{' '}
          {result.rejected}
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
