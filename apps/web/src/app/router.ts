import { useSyncExternalStore } from 'react';

/**
 * A few screens do not need a router library: the path is the state, history.pushState changes it, and
 * the service worker's navigation fallback serves index.html for every path offline.
 */
export type Route =
  | { name: 'home' }
  | { name: 'cases' }
  | { name: 'new-case' }
  | { name: 'case'; id: string }
  | { name: 'case-file'; id: string }
  | { name: 'log' }
  | { name: 'settings' }
  | { name: 'staff' }
  | { name: 'not-found' };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'home' };
  if (path === '/cases') return { name: 'cases' };
  if (path === '/cases/new') return { name: 'new-case' };
  const m = /^\/cases\/([A-Za-z0-9_-]+)$/.exec(path);
  if (m) return { name: 'case', id: m[1]! };
  const file = /^\/cases\/([A-Za-z0-9_-]+)\/file$/.exec(path);
  if (file) return { name: 'case-file', id: file[1]! };
  if (path === '/log') return { name: 'log' };
  if (path === '/settings') return { name: 'settings' };
  if (path === '/staff' || path.startsWith('/staff/')) return { name: 'staff' };
  return { name: 'not-found' };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'home':
      return '/';
    case 'cases':
      return '/cases';
    case 'new-case':
      return '/cases/new';
    case 'case':
      return `/cases/${route.id}`;
    case 'case-file':
      return `/cases/${route.id}/file`;
    case 'log':
      return '/log';
    case 'settings':
      return '/settings';
    case 'staff':
      return '/staff';
    case 'not-found':
      return '/';
  }
}

const listeners = new Set<() => void>();
function notify() {
  for (const l of listeners) l();
}

let leaveGuard: (() => boolean) | null = null;
/** Asked before every navigation, Back included; false stays on the screen (say, to keep a half-filled sheet). */
export function setLeaveGuard(guard: (() => boolean) | null): void {
  leaveGuard = guard;
}

const currentPath = () => window.location.pathname + window.location.search;
let shownPath = typeof window !== 'undefined' ? currentPath() : '/';
if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    if (currentPath() !== shownPath && leaveGuard && !leaveGuard()) {
      // The browser has already gone back: go forward to the screen still shown.
      window.history.pushState(null, '', shownPath);
      return;
    }
    shownPath = currentPath();
    notify();
  });
}

/**
 * Keeps a screen's state (the report's year and unit) in the address without navigating, so that Back from a
 * screen opened from it returns to the same state.
 */
export function replaceSearch(params: Record<string, string>): void {
  const search = new URLSearchParams(params).toString();
  const path = window.location.pathname + (search ? `?${search}` : '');
  if (path === currentPath()) return;
  window.history.replaceState(window.history.state, '', path);
  shownPath = path;
}

export function navigate(to: Route | string, options: { replace?: boolean } = {}): void {
  const path = typeof to === 'string' ? to : routePath(to);
  if (path === currentPath()) return;
  if (leaveGuard && !leaveGuard()) return;
  shownPath = path;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.scrollTo?.(0, 0);
  notify();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname, () => '/');
}

export function useRoute(): Route {
  return parseRoute(usePathname());
}

/**
 * Same-origin links that navigate without a reload; still real <a href> for accessibility. A reload would cost a
 * grid worker their PIN again. `suffix`: a query for the screen (`?status=…`), or a hash whose element is scrolled to
 * if it is already on screen (a screen that mounts it checks the hash itself: `scrollToHashOnMount`).
 */
export function linkHandler(to: Route, suffix?: `#${string}` | `?${string}`) {
  const path = routePath(to) + (suffix ?? '');
  const hash = suffix?.startsWith('#') ? suffix : undefined;
  return {
    href: path,
    onClick: (e: { preventDefault(): void; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean }) => {
      if (e.metaKey || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      navigate(path);
      if (hash) document.getElementById(hash.slice(1))?.scrollIntoView?.({ block: 'start' });
    },
  };
}

/** For an element with an id: brings it into view when the address's hash names it (a link or a reload led here). */
export function scrollToHashOnMount(element: HTMLElement | null): void {
  if (element && element.id && window.location.hash === `#${element.id}`) element.scrollIntoView?.({ block: 'start' });
}
