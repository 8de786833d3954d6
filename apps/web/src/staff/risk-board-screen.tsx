import { levels, messageFor, periodOfDay, riskFlags, riskLevels, toShanghaiDate, type RiskLevel } from '@tiaojie/domain';
import { useCallback, useEffect, useState } from 'react';
import { ApiFailure } from '../api/http.ts';
import { linkHandler } from '../app/router.ts';
import { useT } from '../i18n/index.ts';
import { staffStrings, type StaffKey } from './strings.ts';
import { formatDateTime } from '../components/date-time.ts';
import { fetchNilOverview, fetchRiskBoard, type NilOverviewView, type RiskBoardView } from './risk-board-api.ts';

/** How often the board refreshes itself (a red case's limit is an hour: a minute is soon enough). */
const REFRESH_MS = 60_000;

const timeOf = (iso: string) => formatDateTime(iso, { withYear: false });

/** The sub-district's warning board: open cases by risk grade, passed limits, red first, newest escalations, nil reports. */
export default function RiskBoardScreen() {
  const { t, locale } = useT();
  const strings = staffStrings(locale);
  const bs = (key: string, values: Record<string, string | number> = {}) =>
    Object.entries(values).reduce((text, [k, v]) => text.replaceAll(`{{${k}}}`, String(v)), strings[`board_${key}` as StaffKey]);
  const [board, setBoard] = useState<RiskBoardView | null>(null);
  const [nil, setNil] = useState<NilOverviewView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const period = periodOfDay(toShanghaiDate(new Date()));

  const load = useCallback(async () => {
    try {
      const [b, n] = await Promise.all([fetchRiskBoard(), fetchNilOverview(period)]);
      setBoard(b);
      setNil(n);
      setError(null);
    } catch (e) {
      const failed = staffStrings(locale).board_loadFailed;
      setError(e instanceof ApiFailure ? `${failed}（${messageFor(e.code, locale)}）` : failed);
    }
  }, [period, locale]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load]);

  const grade = (g: RiskLevel) => <span className={`grade grade--${g}`}>{riskLevels.label(g, locale)}</span>;

  return (
    <div className="staff risk-board" data-testid="risk-board">
      <div className="page-head">
        <h2>{bs('title')}{board ? ` · ${board.node.name}` : ''}</h2>
        {board ? <p className="field__hint" role="status">{bs('refreshed', { time: timeOf(board.generatedAt) })}</p> : null}
      </div>
      {error ? <p className="notice notice--danger" role="alert">{error}</p> : null}
      {!board ? <p className="empty">{t('common.loading')}</p> : (
        <>
          <section aria-labelledby="board-grades">
            <h3 id="board-grades">{bs('byGrade')}</h3>
            <div className="board-grades">
              {board.byGrade.map((g) => (
                <div key={g.grade} className={`board-grade grade--${g.grade}`} data-testid={`grade-${g.grade}`}>
                  <strong>{riskLevels.label(g.grade, locale)}</strong>
                  <span className="board-grade__n">{g.open}</span>
                  <span>{bs('open')}</span>
                  <span className={g.passed ? 'board-grade__passed' : ''}>{bs('passed')} {g.passed}</span>
                </div>
              ))}
            </div>
          </section>
          <section aria-labelledby="board-escalations">
            <h3 id="board-escalations">{bs('escalations')}</h3>
            {board.escalations.length === 0 ? <p className="empty card">{bs('noEscalations')}</p> : (
              <ul className="card board-escalations">
                {board.escalations.map((e) => (
                  <li key={`${e.caseId}-${e.at ?? e.date}-${e.toLevel}`}>
                    {grade(e.grade)} <a {...linkHandler({ name: 'case', id: e.caseId })}>{e.caseNo ?? e.caseId.slice(0, 8)}</a> · {e.gridName} ·{' '}
                    {t('history.escalated', { from: levels.label(e.fromLevel, locale), to: levels.label(e.toLevel, locale) })} · {e.at ? timeOf(e.at) : e.date} ·{' '}
                    <span className={e.automatic ? 'badge badge--danger' : 'badge'}>{e.automatic ? bs('automatic') : bs('manual')}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="board-cases">
            <h3 id="board-cases">{bs('cases')}</h3>
            {board.cases.length === 0 ? <p className="empty card">{bs('none')}</p> : (
              <table className="table board-table">
                <thead>
                  <tr>
                    <th>{bs('grade')}</th>
                    <th>{t('case.caseNo')}</th>
                    <th>{bs('grid')}</th>
                    <th>{bs('facts')}</th>
                    <th>{bs('dueAt')}</th>
                    <th>{bs('handledAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {board.cases.map((c) => (
                    <tr key={c.id} className={c.state === 'passed' ? 'board-row--passed' : c.state === 'approaching' ? 'board-row--near' : ''}>
                      <td>{grade(c.grade)}</td>
                      <td className="case-no"><a {...linkHandler({ name: 'case', id: c.id })}>{c.caseNo ?? c.id.slice(0, 8)}</a></td>
                      <td>{c.gridName}</td>
                      <td>
                        {c.facts}
                        {c.flags.length ? <span className="field__hint" style={{ display: 'block' }}>{c.flags.map((f) => riskFlags.label(f, locale)).join('、')}</span> : null}
                      </td>
                      <td>
                        {timeOf(c.dueAt)}
                        {c.state === 'passed' ? <span className="badge badge--danger">{t('riskGrade.badgePassed')}</span> : null}
                        {c.state === 'approaching' ? <span className="badge badge--warn">{t('riskGrade.badgeApproaching')}</span> : null}
                        {c.autoEscalated ? <span className="badge badge--danger">{bs('automatic')}</span> : c.state === 'met' ? <span className="badge">{t('riskGrade.met')}</span> : null}
                      </td>
                      <td>{levels.label(c.handlingLevel, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
      {nil ? (
        <section aria-labelledby="board-nil">
          <h3 id="board-nil">{bs('nilTitle')} · {nil.period}</h3>
          <p>
            {bs('reported')} {nil.counts.reported} · {bs('nil')} {nil.counts.nil} · {bs('missing')} {nil.counts.missing}
          </p>
          <table className="table board-table">
            <tbody>
              {nil.grids.map((g) => (
                <tr key={g.id} data-testid={`nil-${g.id}`}>
                  <td>{g.communityName}</td>
                  <td>{g.name}</td>
                  <td>
                    <span className={`badge${g.status === 'missing' ? ' badge--danger' : g.status === 'nil' ? ' badge--warn' : ''}`}>
                      {g.status === 'reported' ? `${bs('reported')} ${g.cases}` : g.status === 'nil' ? bs('nil') : bs('missing')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
