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

/**
 * Asked before an in-app navigation to `path`: return true to let it happen, or false to hold it
 * and call `proceed` later (after the person confirmed in a dialog, say).
 */
export type NavigationGuard = (path: string, proceed: () => void) => boolean;

let guard: NavigationGuard | null = null;

/** Installs the one navigation guard (unsaved changes); returns its removal. */
export function setNavigationGuard(g: NavigationGuard): () => void {
  guard = g;
  return () => {
    if (guard === g) guard = null;
  };
}

function go(path: string): void {
  window.history.pushState(null, '', path);
  for (const l of listeners) l();
}

/**
 * Moves to another screen without a page load (history.pushState), unless a guard holds it; a string
 * may end with a #section.
 */
export function navigate(to: Route | string): void {
  const path = typeof to === 'string' ? to : routePath(to);
  if (path === window.location.pathname + window.location.hash) return;
  if (guard && !guard(path, () => go(path))) return;
  go(path);
}

/** The current route; re-renders on navigate() and on the browser's back/forward. */
export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  return matchRoute(pathname);
}
