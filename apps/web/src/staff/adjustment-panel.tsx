import type { Locale } from '@tiaojie/domain';
import type { AdjustmentLineView, AnnualView } from './report-api.ts';
import type { StaffKey } from './strings.ts';

type Drill = (title: string, figure: string, key: string, synced?: 'all' | 'afterSignoff') => void;

/**
 * What changed since the year was signed off: how many cases synced after the sign-off (with the list of them),
 * the headline figures that changed (signed → now, the difference; rates with their numerator and denominator),
 * and the breakdowns' adjustments folded away beneath. The XLSX and print view show the same lines.
 */
export function AdjustmentPanel({
  view,
  s,
  locale,
  onDrill,
}: {
  /** The annual report's view, or the statistics tables' (whose lines have no drill-down of their own). */
  view: Pick<AnnualView, 'adjustmentLines' | 'syncedAfterSignoff'>;
  s: Record<StaffKey, string>;
  locale: Locale;
  onDrill?: Drill | undefined;
}) {
  const lines = view.adjustmentLines[locale === 'en' ? 'en' : 'zh'];
  const headline = lines.filter((l) => l.headline);
  const detail = lines.filter((l) => !l.headline);
  const late = view.syncedAfterSignoff ?? 0;
  return (
    <section className="card" data-testid="adjustment-panel">
      <h3>{s.adjustments}</h3>
      {late > 0 && (
        <p data-testid="late-cases">
          {s.lateCases}
          {s.colon}
          {late}{' '}
          {onDrill && (
            <button type="button" className="linklike" onClick={() => onDrill(s.lateCases, 'ledger', '', 'afterSignoff')}>
              {s.lateCasesShow}
            </button>
          )}
        </p>
      )}
      {lines.length === 0 ? (
        <p>{s.noAdjustments}</p>
      ) : (
        <>
          {headline.length > 0 && <AdjustmentTable lines={headline} s={s} onDrill={onDrill} testId="adjustments" />}
          {detail.length > 0 && (
            <details>
              <summary>
                {s.adjDetails} ({detail.length})
              </summary>
              <AdjustmentTable lines={detail} s={s} onDrill={onDrill} testId="adjustment-details" />
            </details>
          )}
        </>
      )}
    </section>
  );
}

function AdjustmentTable({ lines, s, onDrill, testId }: { lines: AdjustmentLineView[]; s: Record<StaffKey, string>; onDrill: Drill | undefined; testId: string }) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <table className="staff-table staff-adjustments" data-testid={testId}>
        <thead>
          <tr>
            <th>{s.adjFigure}</th>
            <th className="num">{s.adjSigned}</th>
            <th className="num">{s.adjNow}</th>
            <th className="num">{s.adjChange}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.path}>
              <td>
                {l.drill && onDrill ? (
                  // The figure's cases, the ones synced after sign-off marked.
                  <button type="button" className="linklike" onClick={() => onDrill(l.label, l.drill!.figure, l.drill!.key)}>
                    {l.label}
                  </button>
                ) : (
                  l.label
                )}
              </td>
              <td className="num">{l.signed}</td>
              <td className="num">{l.current}</td>
              <td className="num">{l.change}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
