import { disputeTypes, outcomes, type Locale } from '@tiaojie/domain';
import { displayCaseNo } from '@tiaojie/report';
import { linkHandler } from '../app/router.ts';
import type { DrillList } from './report-api.ts';
import type { StaffKey } from './strings.ts';

/**
 * The cases behind a figure. 编号 is the case number, or the short form the ledger export writes for a case without
 * one; a case created or changed after the year's sign-off carries a badge, so a list of 57 behind a signed 56 shows
 * which one came late.
 */
export function DrillTable({ list, s, locale }: { list: DrillList; s: Record<StaffKey, string>; locale: Locale }) {
  const late = list.cases.filter((c) => c.afterSignoff).length;
  return (
    <>
      {late > 0 && (
        <p data-testid="drill-late">
          {late} {s.drillLate}
        </p>
      )}
      <table className="staff-table">
        <thead>
          <tr>
            <th>{s.caseNo}</th>
            <th>{s.applicants}</th>
            <th>{s.community}</th>
            <th>{s.grid}</th>
            <th>{s.type}</th>
            <th>{s.acceptedOn}</th>
            <th>{s.concludedOn}</th>
            <th>{s.outcome}</th>
          </tr>
        </thead>
        <tbody>
          {list.cases.map((c) => (
            <tr key={c.id} data-late={c.afterSignoff ?? undefined}>
              <td>
                {/* A deleted case has no record to open: its number only. */}
                {c.afterSignoff === 'removed' ? <s>{displayCaseNo(c.caseNo, c.id)}</s> : <a {...linkHandler({ name: 'case', id: c.id })}>{displayCaseNo(c.caseNo, c.id)}</a>}
                {c.afterSignoff && (
                  <span className="badge badge--warn staff-late-badge">{c.afterSignoff === 'created' ? s.lateCreated : c.afterSignoff === 'removed' ? s.lateRemoved : s.lateUpdated}</span>
                )}
              </td>
              <td>{c.applicants.join('、')}</td>
              <td>{c.communityName}</td>
              <td>{c.gridName}</td>
              <td>{disputeTypes.labelOrCode(c.type, locale)}</td>
              <td>{c.acceptedOn}</td>
              <td>{c.concludedOn ?? ''}</td>
              <td>{c.outcome ? outcomes.labelOrCode(c.outcome, locale) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
