import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { hasUnsavedInput } from '../pwa/dirty-forms.ts';
import { registerServiceWorker } from '../pwa/service-worker.ts';
import { startI18n } from '../i18n/index.ts';
import { App } from './app.tsx';
import { ErrorBoundary } from './error-boundary.tsx';
import { setLeaveGuard } from './router.ts';

/** The app itself; main.tsx imports it once the browser is known to be able to run it. */
export async function startApp(): Promise<void> {
  const i18n = await startI18n();
  registerServiceWorker();
  setLeaveGuard(() => !hasUnsavedInput() || window.confirm(i18n.t('common.discardConfirm')));

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ErrorBoundary>
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}
