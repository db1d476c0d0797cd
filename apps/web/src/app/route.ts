/** The screens of the app, parsed from the URL path. */
export type ConnectionTab = 'rules' | 'mappings' | 'conflicts' | 'history' | 'versions' | 'templates';

export type Route =
  | { name: 'connections' }
  | { name: 'newConnection' }
  | { name: 'connection'; id: string; tab: ConnectionTab }
  | { name: 'templates' }
  | { name: 'playground' }
  | { name: 'account' }
  | { name: 'audit' }
  | { name: 'alerts' }
  | { name: 'join' }
  | { name: 'sandbox'; app: SandboxApp }
  | { name: 'notFound'; path: string };

/** The two demo apps whose records the Sandbox screen edits. */
export type SandboxApp = 'crm' | 'outreach';

export const connectionTabs: readonly { tab: ConnectionTab; label: string }[] = [
  { tab: 'rules', label: 'Rules' },
  { tab: 'mappings', label: 'Mappings' },
  { tab: 'conflicts', label: 'Conflicts' },
  { tab: 'history', label: 'History' },
  { tab: 'versions', label: 'Versions' },
  { tab: 'templates', label: 'Templates' },
];

const tabNames = new Set<string>(connectionTabs.map((t) => t.tab));

/**
 * Parses a URL path into a route. Pure.
 * @example matchRoute('/connections/c1/history') // { name: 'connection', id: 'c1', tab: 'history' }
 */
export function matchRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, id, tab, ...rest] = parts;
  if (parts.length === 0 || (head === 'connections' && parts.length === 1)) return { name: 'connections' };
  if (head === 'playground' && parts.length === 1) return { name: 'playground' };
  if (head === 'templates' && parts.length === 1) return { name: 'templates' };
  if (head === 'account' && parts.length === 1) return { name: 'account' };
  if (head === 'audit' && parts.length === 1) return { name: 'audit' };
  if (head === 'alerts' && parts.length === 1) return { name: 'alerts' };
  if (head === 'join' && parts.length === 1) return { name: 'join' };
  if (head === 'sandbox' && parts.length === 1) return { name: 'sandbox', app: 'crm' };
  if (head === 'sandbox' && (id === 'crm' || id === 'outreach') && parts.length === 2) return { name: 'sandbox', app: id };
  if (head === 'connections' && id === 'new' && parts.length === 2) return { name: 'newConnection' };
  if (head === 'connections' && id && rest.length === 0) {
    if (tab === undefined) return { name: 'connection', id, tab: 'rules' };
    if (tabNames.has(tab)) return { name: 'connection', id, tab: tab as ConnectionTab };
  }
  return { name: 'notFound', path: pathname };
}

/** The URL path of a route; the inverse of matchRoute. Pure. */
export function routePath(route: Route): string {
  switch (route.name) {
    case 'connections':
      return '/connections';
    case 'newConnection':
      return '/connections/new';
    case 'connection':
      return `/connections/${encodeURIComponent(route.id)}/${route.tab}`;
    case 'templates':
      return '/templates';
    case 'playground':
      return '/playground';
    case 'account':
      return '/account';
    case 'audit':
      return '/audit';
    case 'alerts':
      return '/alerts';
    case 'join':
      return '/join';
    case 'sandbox':
      return `/sandbox/${route.app}`;
    case 'notFound':
      return route.path;
  }
}
