import { Component, type ReactNode } from 'react';
import i18next from 'i18next';

/**
 * Last line of defence: a crash shows a way out instead of a white screen. Local data is untouched
 * (it lives in IndexedDB), so reloading is always safe to offer.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="main">
        <div className="notice notice--danger" role="alert">
          <p>{i18next.t('error.crashed')}</p>
          <p className="field__hint">{this.state.error.message}</p>
          <button type="button" className="btn" onClick={() => window.location.reload()}>
            {i18next.t('error.reload')}
          </button>
        </div>
      </main>
    );
  }
}
