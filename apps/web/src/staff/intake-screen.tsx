import { caseStatuses, intakeChannels, intakeLimitStates, messageFor, outcomes, type IntakeChannel, type IntakeList, type OrgNode } from '@tiaojie/domain';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiFailure } from '../api/http.ts';
import { linkHandler } from '../app/router.ts';
import { useT } from '../i18n/index.ts';
import { intakeClockText } from '../intake/intake-clock-text.ts';
import { downloadIntake, fetchIntake, type IntakeFilter } from './intake-api.ts';
import { formatDateTime } from '../components/date-time.ts';
import { saveBlob } from './save-blob.ts';
import { fetchNodes } from './report-api.ts';


function filterFromAddress(): IntakeFilter {
  const q = new URLSearchParams(window.location.search);
  const ch = q.get('channel') ?? '';
  return {
    channel: intakeChannels.has(ch) ? ch : 'hotline_12345',
    from: q.get('from') || undefined,
    to: q.get('to') || undefined,
    unit: q.get('unit') || undefined,
  };
}

/**
 * A channel's cases (12345, court delegations, police hand-overs) in the staff member's area, with their status,
 * result and time limits, and the export that answers back to the sender. Reads the server: needs the network.
 */
export default function IntakeScreen() {
  const { t, locale } = useT();
  const [form, setForm] = useState<IntakeFilter>(filterFromAddress);
  const [filter, setFilter] = useState<IntakeFilter>(form);
  const [list, setList] = useState<IntakeList | null>(null);
  const [units, setUnits] = useState<OrgNode[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const fail = useCallback(
    (e: unknown) => setError(e instanceof ApiFailure ? (e.code === 'NETWORK' ? t('intakeDesk.offline') : t('intakeDesk.failed', { message: messageFor(e.code, locale) })) : t('intakeDesk.failed', { message: String(e) })),
    [t, locale],
  );

  useEffect(() => {
    fetchNodes().then((nodes) => setUnits(nodes.filter((n) => n.kind !== 'grid' || nodes.length < 60)), () => undefined);
  }, []);

  useEffect(() => {
    let alive = true;
    setList(null);
    fetchIntake(filter).then(
      (l) => {
        if (!alive) return;
        setList(l);
        setError(null);
      },
      (e: unknown) => alive && fail(e),
    );
    const q = new URLSearchParams({ channel: filter.channel, ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}), ...(filter.unit ? { unit: filter.unit } : {}) });
    history.replaceState(history.state, '', `/staff/intake?${q.toString()}`);
    return () => {
      alive = false;
    };
  }, [filter, fail]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ ...form });
  };
  const set = (key: keyof IntakeFilter) => (value: string) => setForm((f) => ({ ...f, [key]: value || undefined }));

  async function exportAs(format: 'csv' | 'xlsx') {
    setExporting(true);
    try {
      const { blob, filename } = await downloadIntake(filter, format);
      saveBlob(blob, filename);
    } catch (e) {
      fail(e);
    } finally {
      setExporting(false);
    }
  }

  const channel = filter.channel;
  return (
    <div className="staff" data-testid="intake-screen">
      <p>
        <a {...linkHandler({ name: 'staff' })}>{t('intakeDesk.back')}</a>
      </p>
      <h2>{t('intakeDesk.title')}</h2>
      <p className="field__hint">{t('intakeDesk.hint')}</p>
      <form className="card staff-pickers" onSubmit={submit} aria-label={t('intakeDesk.title')}>
        <label className="field">
          <span className="field__label">{t('intakeDesk.channel')}</span>
          <select className="input" name="channel" value={form.channel} onChange={(e) => setForm((f) => ({ ...f, channel: e.target.value as IntakeChannel }))}>
            {intakeChannels.entries.map((c) => (
              <option key={c.code} value={c.code}>{locale === 'en' ? c.en : c.zh}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('intakeDesk.from')}</span>
          <input className="input" type="date" name="from" value={form.from ?? ''} onChange={(e) => set('from')(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t('intakeDesk.to')}</span>
          <input className="input" type="date" name="to" value={form.to ?? ''} onChange={(e) => set('to')(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t('intakeDesk.unit')}</span>
          <select className="input" name="unit" value={form.unit ?? ''} onChange={(e) => set('unit')(e.target.value)}>
            <option value="">{t('intakeDesk.allUnits')}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>{u.name}</option>
            ))}
          </select>
        </label>
        <div className="btn-row intake-actions">
          <button type="submit" className="btn btn--primary">{t('list.search')}</button>
          <button type="button" className="btn" disabled={exporting || !list?.total} onClick={() => void exportAs('xlsx')} data-testid="intake-export-xlsx">
            {exporting ? t('intakeDesk.exporting') : t('intakeDesk.exportXlsx')}
          </button>
          <button type="button" className="btn" disabled={exporting || !list?.total} onClick={() => void exportAs('csv')} data-testid="intake-export-csv">
            {t('intakeDesk.exportCsv')}
          </button>
        </div>
      </form>
      {error ? <p className="notice notice--danger" role="alert">{error}</p> : null}
      {!list && !error ? <p className="empty">{t('intakeDesk.loading')}</p> : null}
      {list ? (
        <>
          <p role="status">{t('intakeDesk.count', { n: list.total })}</p>
          {list.items.length === 0 ? <p className="empty card">{t('intakeDesk.none')}</p> : (
            <table className="table board-table" data-testid="intake-table">
              <thead>
                <tr>
                  <th>{t(`intake.number.${channel}`)}</th>
                  <th>{t('intakeDesk.receivedAt')}</th>
                  <th>{t('intakeDesk.caseNo')}</th>
                  <th>{t('intakeDesk.status')}</th>
                  <th>{t('intakeDesk.result')}</th>
                  <th>{t('intakeDesk.concludedOn')}</th>
                  <th>{t('intakeDesk.limits')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((r) => (
                  <tr key={r.id} className={r.limitState === 'passed' ? 'board-row--passed' : r.limitState === 'approaching' ? 'board-row--near' : ''}>
                    <td>
                      {r.number ?? ''}
                      {r.sender ? <span className="field__hint" style={{ display: 'block' }}>{r.sender}</span> : null}
                    </td>
                    <td>{formatDateTime(r.receivedAt)}</td>
                    <td className="case-no"><a {...linkHandler({ name: 'case', id: r.id })}>{r.caseNo ?? r.id.slice(0, 8)}</a></td>
                    <td>{caseStatuses.label(r.status, locale)}</td>
                    <td>{r.outcome ? outcomes.label(r.outcome, locale) : ''}</td>
                    <td>{r.concludedOn ?? ''}</td>
                    <td>
                      {r.clocks.map((k) => (
                        <span key={k.kind} style={{ display: 'block' }} title={intakeLimitStates.label(k.state, locale)}>
                          {t(`intake.clock.${k.kind}`)}{t('common.colon')}
                          <span className={k.state === 'passed' ? 'badge badge--danger' : k.state === 'approaching' || k.state === 'met_late' ? 'badge badge--warn' : 'badge'}>{intakeClockText(k, t)}</span>
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </div>
  );
}
