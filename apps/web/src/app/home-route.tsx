import { lazy } from 'react';

// Home loads on first use like every screen: a grid worker's phone opens on its PIN screen (lock/), and home
// loads once the PIN is entered.
const loadHome = () => import('../cases/home-screen.tsx');
const LazyHome = lazy(() => loadHome().then((m) => ({ default: m.HomeScreen })));

let preloaded: Awaited<ReturnType<typeof loadHome>> | null = null;

/**
 * start.tsx, for staff reopening home (no PIN): home's chunk is loaded with the store before React's first
 * render, so that render is home with its lists, not the Suspense fallback first. Also while a PIN pad waits
 * (lock-screens.tsx), so home draws at once after the PIN. Only called where no HomeRoute is mounted (before the
 * first render; the lock screens replace the whole app), so it never switches between the two element types.
 */
export async function preloadHomeScreen(): Promise<void> {
  preloaded = await loadHome();
}

export function HomeRoute() {
  const Home = preloaded?.HomeScreen;
  return Home ? <Home /> : <LazyHome />;
}
