import { useT } from '../i18n/index.ts';
import { manualInstallKind, promptInstall, useInstallState } from './install-prompt.ts';

/** 添加到主屏幕: the browser's own dialog where it offers one, short instructions where it does not. */
export function InstallSection({ userAgent = navigator.userAgent }: { userAgent?: string }) {
  const { t } = useT();
  const state = useInstallState();
  return (
    <section className="card" aria-labelledby="install-title" data-testid="install-section">
      <h2 id="install-title">{t('install.title')}</h2>
      {state === 'installed' ? (
        <p>{t('install.done')}</p>
      ) : state === 'prompt' ? (
        <>
          <p>{t('install.why')}</p>
          <button type="button" className="btn btn--primary btn--block" onClick={() => void promptInstall()}>
            {t('install.action')}
          </button>
        </>
      ) : (
        <>
          <p>{t('install.why')}</p>
          <p className="notice notice--info">{t(`install.manual.${manualInstallKind(userAgent)}`)}</p>
        </>
      )}
    </section>
  );
}
