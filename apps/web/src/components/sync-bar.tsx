import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { messageFor } from '@tiaojie/domain';
import { useStoreContext, useSyncStatus } from '../app/store-context.tsx';
import { linkHandler } from '../app/router.ts';
import { useT } from '../i18n/index.ts';
import { syncBarState, type SyncBarKind, type SyncBarState } from './sync-bar-state.ts';
import { useOnline } from './use-online.ts';

/** Always on screen: whether this phone can sync now, what waits on it, and what needs attention. */
export function SyncBar() {
  const { sync } = useStoreContext();
  const online = useOnline();
  const status = useSyncStatus();
  return <SyncBarView state={syncBarState({ online, status })} onSyncNow={() => void sync.syncNow()} />;
}

export interface SyncBarViewProps {
  state: SyncBarState;
  onSyncNow: () => void;
}

/**
 * One row at 360 px: an icon and a colour per state (offline is dark, so it shows at a glance), the state in
 * words with a detail line under it, and the sync button (≥ 44 px, its label never cut).
 */
export function SyncBarView({ state, onSyncNow }: SyncBarViewProps) {
  const { t, locale } = useT();
  const when = state.lastSuccessAt ? dayjs(state.lastSuccessAt).format('MM-DD HH:mm') : null;
  const lastSync = when ? t('sync.lastSync', { when }) : t('sync.never');
  const waiting = state.unsent > 0 ? t('sync.unsent', { count: state.unsent }) : null;
  let label: ReactNode;
  let detail: string;
  switch (state.kind) {
    case 'offline':
      label = t('sync.offline');
      detail = state.unsent > 0 ? t('sync.savedHere', { count: state.unsent }) : t('sync.offlineHint');
      break;
    case 'unreachable':
      label = t('sync.unreachable');
      detail = waiting ? `${waiting}${t('sync.sep')}${t('sync.retrying')}` : t('sync.retrying');
      break;
    case 'syncing':
      label = t('sync.running');
      detail = waiting ?? lastSync;
      break;
    case 'attention':
      label =
        state.errorCode !== null ? (
          messageFor(state.errorCode, locale)
        ) : (
          <a {...linkHandler({ name: 'settings' }, '#attention')} className="syncbar__link">
            {t('sync.attention', { count: state.attention })}
          </a>
        );
      detail = waiting ?? lastSync;
      break;
    case 'pending':
      label = waiting ?? t('sync.never');
      detail = lastSync;
      break;
    case 'synced':
      label = t('sync.synced');
      detail = lastSync;
      break;
  }
  if (state.note && state.kind !== 'offline') detail = messageFor(state.note, locale);
  return (
    <div className={`syncbar syncbar--${state.kind}`} role="status" aria-live="polite" data-testid="sync-bar" data-state={state.kind}>
      <SyncIcon kind={state.kind} />
      <span className="syncbar__text">
        <span className="syncbar__label">{label}</span>
        <span className="syncbar__detail" data-testid="unsent-count" data-count={state.unsent}>
          {detail}
        </span>
      </span>
      <button type="button" className="syncbar__button" disabled={state.kind === 'offline' || state.kind === 'syncing'} onClick={onSyncNow}>
        {t('sync.now')}
      </button>
    </div>
  );
}

/** A shape per state, not only a colour: offline is a crossed circle, unreachable a warning sign. */
function SyncIcon({ kind }: { kind: SyncBarKind }) {
  const paths: Record<SyncBarKind, ReactNode> = {
    offline: (
      <>
        <circle cx="10" cy="10" r="7.5" />
        <path d="M4.7 4.7l10.6 10.6" />
      </>
    ),
    unreachable: (
      <>
        <path d="M10 2.5l8 14.5H2z" />
        <path d="M10 8v4.2M10 14.3v.2" />
      </>
    ),
    syncing: <path d="M16.5 10a6.5 6.5 0 1 1-2-4.7M16.5 3v3.5H13" />,
    attention: (
      <>
        <circle cx="10" cy="10" r="7.5" />
        <path d="M10 5.8v5M10 13.8v.2" />
      </>
    ),
    pending: (
      <>
        <circle cx="10" cy="10" r="7.5" />
        <path d="M10 5.5V10l3 2" />
      </>
    ),
    synced: (
      <>
        <circle cx="10" cy="10" r="7.5" />
        <path d="M6.5 10.2l2.4 2.4 4.6-5" />
      </>
    ),
  };
  return (
    <svg className="syncbar__icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      {paths[kind]}
    </svg>
  );
}
