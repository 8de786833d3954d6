import type { ReactNode } from 'react';
import { SyncBar } from '../components/sync-bar.tsx';
// Listens for the browser's one-time install offer from the first screen on (the settings screen offers it).
import '../pwa/install-prompt.ts';
import { useT } from '../i18n/index.ts';
import { linkHandler, type Route } from './router.ts';

const tabs: { route: Route; key: string; icon: string; staffOnly?: boolean }[] = [
  { route: { name: 'home' }, key: 'nav.home', icon: '⌂' },
  { route: { name: 'cases' }, key: 'nav.cases', icon: '☰' },
  { route: { name: 'log' }, key: 'nav.log', icon: '✎' },
  { route: { name: 'staff' }, key: 'nav.staff', icon: '▤', staffOnly: true },
  { route: { name: 'settings' }, key: 'nav.settings', icon: '⚙' },
];

/** Screens with the floating 登记纠纷 / 新增活动 button: their end needs room above it. */
const fabRoutes = new Set<Route['name']>(['home', 'log']);

function isActive(tab: Route, current: Route): boolean {
  if (tab.name === 'cases') return current.name === 'cases' || current.name === 'case' || current.name === 'new-case';
  return tab.name === current.name;
}

export function Shell({ route, staff, children }: { route: Route; staff: boolean; children: ReactNode }) {
  const { t } = useT();
  const visible = tabs.filter((tab) => staff || !tab.staffOnly);
  return (
    <div className="app">
      <header className="topbar">
        <p className="topbar__title">{t('app.name')}</p>
      </header>
      <SyncBar />
      <nav className="bottomnav" aria-label={t('nav.label')} style={{ gridTemplateColumns: `repeat(${visible.length}, 1fr)` }}>
        {visible.map((tab) => (
          <a key={tab.key} {...linkHandler(tab.route)} aria-current={isActive(tab.route, route) ? 'page' : undefined}>
            <span className="bottomnav__icon" aria-hidden="true">{tab.icon}</span>
            {t(tab.key)}
          </a>
        ))}
      </nav>
      <main className={fabRoutes.has(route.name) ? 'main main--fab' : 'main'} id="main">
        {children}
      </main>
    </div>
  );
}
