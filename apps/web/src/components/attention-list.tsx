import dayjs from 'dayjs';
import { useObserved } from '../app/store-context.tsx';
import { mutationLabelKey } from '../cases/mutation-labels.ts';
import { scrollToHashOnMount } from '../app/router.ts';
import { useT } from '../i18n/index.ts';
import { AttentionActions, refusalReason } from './refused-change.tsx';

/**
 * 需要处理: every change the server rejected or answered with a conflict, with its reason, until the user has
 * seen it. The outbox has moved on past them; nothing is dropped without being listed here. A refused change to a
 * case stays on the phone: it is sent again or given up from here or from the case.
 */
export function AttentionList() {
  const { t, locale } = useT();
  // Read from the store itself (not the engine's status, refreshed by sync runs): a dismissal shows at once.
  const attention = useObserved((s) => s.getSyncStatus().then((status) => status.attention), []) ?? [];
  const items = [...attention].sort((a, b) => a.mutationId - b.mutationId);
  return (
    <section className="card" id="attention" ref={scrollToHashOnMount} aria-labelledby="attention-title" data-testid="attention-list">
      <h2 id="attention-title">{t('attention.title')}</h2>
      {items.length === 0 ? (
        <p>{t('attention.empty')}</p>
      ) : (
        <ul className="plain-list">
          {items.map((a) => (
            <li key={a.mutationId} className="notice notice--danger">
              <p>
                {t(a.status === 'conflict' ? 'attention.conflicted' : 'attention.rejected', { what: t(mutationLabelKey(a.name)) })}
                {' · '}
                {dayjs(a.at).format('MM-DD HH:mm')}
              </p>
              <p>{t('attention.reason', { reason: refusalReason(a, t, locale) })}</p>
              <AttentionActions item={a} openLink />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
