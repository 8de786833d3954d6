import { messageFor } from '@tiaojie/domain';
import { linkHandler } from '../app/router.ts';
import { useT } from '../i18n/index.ts';
import { isNearlyFull, useStorageFacts } from '../pwa/persistence.ts';

/** On the home screen only when something is wrong: storage may be evicted, or the disk is nearly full. */
export function StorageNotice() {
  const { t, locale } = useT();
  const facts = useStorageFacts();
  if (!facts) return null;
  if (isNearlyFull(facts)) {
    return <p className="notice notice--danger" role="alert">{messageFor('STORAGE_FULL', locale)}</p>;
  }
  if (facts.persistence === 'denied') {
    return (
      <p className="notice notice--warn">
        {t('storage.notPersistedShort')} <a {...linkHandler({ name: 'settings' })}>{t('storage.details')}</a>
      </p>
    );
  }
  return null;
}
