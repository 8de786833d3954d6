import dayjs from 'dayjs';
import { messageFor } from '@tiaojie/domain';
import { useStoreContext, useSyncStatus } from '../app/store-context.tsx';
import { useT } from '../i18n/index.ts';
import { useOnline } from './use-online.ts';

/** Always on screen: how many changes wait on this phone, when the last sync succeeded, what needs attention. */
export function SyncBar() {
  const { t, locale } = useT();
  const { sync } = useStoreContext();
  const online = useOnline();
  const status = useSyncStatus();
  const unsent = status.pending + status.pendingPhotos;
  const attention = status.attention.length;
  const tone = attention > 0 || status.updateRequired ? ' syncbar--attention' : unsent > 0 ? ' syncbar--pending' : '';
  return (
    <div className={`syncbar${tone}`} role="status" aria-live="polite" data-testid="sync-bar">
      <span className="syncbar__item">{online ? t('sync.online') : t('sync.offline')}</span>
      <span className="syncbar__item" data-testid="unsent-count" data-count={unsent}>
        {t('sync.unsent', { count: unsent })}
      </span>
      {attention > 0 ? (
        <a className="syncbar__item" href="/settings#attention">
          {t('sync.attention', { count: attention })}
        </a>
      ) : null}
      <span className="syncbar__item" data-testid="last-sync">
        {status.lastSuccessAt ? t('sync.lastSync', { when: dayjs(status.lastSuccessAt).format('MM-DD HH:mm') }) : t('sync.never')}
      </span>
      {status.updateRequired ? <span className="syncbar__item">{messageFor('PROTOCOL_TOO_OLD', locale)}</span> : null}
      {status.lastError && online && !status.syncing ? (
        <span className="syncbar__item">{messageFor(status.lastError.code, locale)}</span>
      ) : null}
      <button type="button" className="syncbar__button" disabled={!online || status.syncing} onClick={() => void sync.syncNow()}>
        {status.syncing ? t('sync.running') : t('sync.now')}
      </button>
    </div>
  );
}
