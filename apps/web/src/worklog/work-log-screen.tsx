import '../i18n/later.ts';
import { useState } from 'react';
import { activityKinds, type Activity } from '@tiaojie/domain';
import { useObserved } from '../app/store-context.tsx';
import { Dialog } from '../components/dialog.tsx';
import { SelectField } from '../components/fields.tsx';
import { optionsOf } from '../cases/code-options.ts';
import { useT } from '../i18n/index.ts';
import { ActivityForm } from './activity-form.tsx';
import { preventionSummary } from './prevention-summary.ts';

/** The work ledger (工作台账): screening rounds, 矛排会, trainings, legal publicity, consultations. */
export default function WorkLogScreen() {
  const { t, locale } = useT();
  const [kind, setKind] = useState('');
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Activity | null>(null);
  const list = useObserved((s) => s.listActivities({ ...(kind ? { kind: kind as never } : {}), limit: 200 }), [kind]);
  return (
    <>
      <div className="page-head">
        <h1>{t('log.title')}</h1>
        <button type="button" className="btn btn--primary fab" onClick={() => setAdding(true)}>
          ＋ {t('log.add')}
        </button>
      </div>
      <SelectField label={t('log.kind')} value={kind} placeholder={t('list.all')} options={optionsOf(activityKinds, locale)} onChange={setKind} />
      {list === undefined ? (
        <p className="empty">{t('common.loading')}</p>
      ) : list.total === 0 ? (
        <p className="empty card">{t('log.none')}</p>
      ) : (
        <ul className="card" style={{ listStyle: 'none', padding: 0 }}>
          {list.items.map((a) => (
            <li key={a.id}>
              <button type="button" className="caserow caserow--button" onClick={() => setEditing(a)}>
                <span className="caserow__top">
                  <span className="caserow__title">{a.title}</span>
                  {a.pending ? <span className="badge">{t('badge.unsynced')}</span> : null}
                </span>
                <span className="caserow__meta" style={{ display: 'block' }}>
                  {a.date} · {activityKinds.label(a.kind, locale)}
                  {a.participants ? ` · ${t(a.kind === 'consultation' ? 'log.participantsCount' : 'log.peopleCount', { count: a.participants })}` : ''}
                  {a.disputesFound ? ` · ${t('log.disputesFoundCount', { count: a.disputesFound })}` : ''}
                </span>
                {a.prevention ? (
                  <span className="caserow__meta" style={{ display: 'block' }} data-testid="log-prevention">
                    {preventionSummary(a.prevention, locale, t)}
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      )}
      {adding ? (
        <Dialog title={t('log.add')} onClose={() => setAdding(false)}>
          <ActivityForm onDone={() => setAdding(false)} />
        </Dialog>
      ) : null}
      {editing ? (
        <Dialog title={t('log.edit')} onClose={() => setEditing(null)}>
          <ActivityForm activity={editing} onDone={() => setEditing(null)} />
        </Dialog>
      ) : null}
    </>
  );
}
