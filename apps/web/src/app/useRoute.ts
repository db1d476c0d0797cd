import { useSyncExternalStore } from 'react';
import { matchRoute, routePath, type Route } from './route';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** Moves to another screen without a page load (history.pushState). */
export function navigate(to: Route | string): void {
  const path = typeof to === 'string' ? to : routePath(to);
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  for (const l of listeners) l();
}

/** The current route; re-renders on navigate() and on the browser's back/forward. */
export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  return matchRoute(pathname);
}
