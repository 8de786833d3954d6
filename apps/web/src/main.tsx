import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { ErrorBoundary } from './app/error-boundary.tsx';
import { setLeaveGuard } from './app/router.ts';
import { initI18n } from './i18n/index.ts';
import { hasUnsavedInput } from './pwa/dirty-forms.ts';
import { registerServiceWorker } from './pwa/service-worker.ts';
import './styles/app.css';

const i18n = initI18n();
registerServiceWorker();
setLeaveGuard(() => !hasUnsavedInput() || window.confirm(i18n.t('common.discardConfirm')));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
