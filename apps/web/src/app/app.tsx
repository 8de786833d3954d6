import { useAfterStart } from '../risk/use-after-start.ts';
import { lazy, Suspense, type ComponentType } from 'react';
import { isStaffRole } from '@tiaojie/domain';
import { useSession } from '../auth/use-session.ts';
import { LockGate } from '../lock/lock-gate.tsx';
import { Toaster } from '../components/toast.tsx';
import { useT } from '../i18n/index.ts';
import { UpdatePrompt } from '../pwa/update-prompt.tsx';
import { useRoute, type Route } from './router.ts';
import { HomeRoute } from './home-route.tsx';
import { Shell } from './shell.tsx';
import { StartupSkeleton } from './startup-skeleton.tsx';
import { StoreProvider } from './store-context.tsx';

// Every screen loads on first use (and is precached for offline use). Home too (home-route.tsx). The sign-in
// screen too: a reopened app (signed in) never draws it, and its forms stay out of that start's bundle.
const LoginScreen = lazy(() => import('../auth/login-screen.tsx').then((m) => ({ default: m.LoginScreen })));
const CaseFormScreen = lazy(() => import('../cases/case-form-screen.tsx'));
const CaseDetailScreen = lazy(() => import('../cases/case-detail-screen.tsx'));
const CaseFileScreen = lazy(() => import('../casefile/case-file-screen.tsx'));
const CaseListScreen = lazy(() => import('../cases/case-list-screen.tsx'));
// A staff desktop lists its whole area from the server (the phone's list reads its own copy).
const CaseSearchScreen = lazy(() => import('../staff/case-search-screen.tsx'));
const WorkLogScreen = lazy(() => import('../worklog/work-log-screen.tsx'));
const SettingsScreen = lazy(() => import('../settings/settings-screen.tsx'));
// Checks risk-grade time limits in the background; not needed for the first render.
const RiskWatcher = lazy(() => import('../risk/risk-watcher.tsx'));
// Staff report screens (charts, exports) never reach a grid worker's phone unless opened. The contract with
// src/staff: index.tsx default-exports a component taking no props. The glob is the lazy import of that one
// file, and lets the app build before the staff screens exist.
const staffModule = import.meta.glob<{ default: ComponentType }>('../staff/index.tsx');
const StaffScreens = lazy(() => staffModule['../staff/index.tsx']?.() ?? Promise.resolve({ default: StaffUnavailable }));

function StaffUnavailable() {
  const { t } = useT();
  return <p className="empty card">{t('staff.unavailable')}</p>;
}

export function App() {
  const session = useSession();
  if (!session) {
    return (
      <>
        <Suspense fallback={<StartupSkeleton />}>
          <LoginScreen />
        </Suspense>
        <Toaster />
      </>
    );
  }
  return (
    <StoreProvider key={session.user.id} user={session.user}>
      <LockGate>
        <AppRoutes staff={isStaffRole(session.user.role)} />
        <LaterRiskWatcher />
      </LockGate>
      <UpdatePrompt />
      <Toaster />
    </StoreProvider>
  );
}

/** The limit watcher starts a little after the first screen (it checks every 30 s anyway). */
function LaterRiskWatcher() {
  const ready = useAfterStart(2000);
  return ready ? (
    <Suspense fallback={null}>
      <RiskWatcher />
    </Suspense>
  ) : null;
}

function AppRoutes({ staff }: { staff: boolean }) {
  const route = useRoute();
  const { t } = useT();
  return (
    <Shell route={route} staff={staff}>
      <Suspense fallback={<p className="empty">{t('common.loading')}</p>}>{screenFor(route, staff)}</Suspense>
    </Shell>
  );
}

function screenFor(route: Route, staff: boolean) {
  switch (route.name) {
    case 'home':
      return <HomeRoute />;
    case 'cases':
      return staff ? <CaseSearchScreen /> : <CaseListScreen />;
    case 'new-case':
      return <CaseFormScreen />;
    case 'case':
      return <CaseDetailScreen key={route.id} caseId={route.id} />;
    case 'case-file':
      return <CaseFileScreen key={route.id} caseId={route.id} />;
    case 'log':
      return <WorkLogScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'staff':
      return staff ? <StaffScreens /> : <HomeRoute />;
    case 'not-found':
      return <HomeRoute />;
  }
}
