import { describe, expect, it } from 'vitest';
import { matchRoute, routePath, type Route } from './route';

describe('matchRoute', () => {
  it('opens the connections list at the root', () => {
    expect(matchRoute('/')).toEqual({ name: 'connections' });
    expect(matchRoute('/connections/')).toEqual({ name: 'connections' });
  });

  it('parses a connection tab and defaults to rules', () => {
    expect(matchRoute('/connections/abc/history')).toEqual({ name: 'connection', id: 'abc', tab: 'history' });
    expect(matchRoute('/connections/abc')).toEqual({ name: 'connection', id: 'abc', tab: 'rules' });
  });

  it('opens the wizard at /connections/new', () => {
    expect(matchRoute('/connections/new')).toEqual({ name: 'newConnection' });
  });

  it('opens the sandbox editor on the CRM by default', () => {
    expect(matchRoute('/sandbox')).toEqual({ name: 'sandbox', app: 'crm' });
    expect(matchRoute('/sandbox/outreach')).toEqual({ name: 'sandbox', app: 'outreach' });
    expect(matchRoute('/sandbox/nope')).toEqual({ name: 'notFound', path: '/sandbox/nope' });
  });

  it('reports unknown paths as not found', () => {
    expect(matchRoute('/connections/abc/nope')).toEqual({ name: 'notFound', path: '/connections/abc/nope' });
    expect(matchRoute('/elsewhere')).toEqual({ name: 'notFound', path: '/elsewhere' });
  });

  it('round-trips every route through routePath', () => {
    const routes: Route[] = [
      { name: 'connections' },
      { name: 'newConnection' },
      { name: 'templates' },
      { name: 'playground' },
      { name: 'account' },
      { name: 'audit' },
      { name: 'alerts' },
      { name: 'sandbox', app: 'outreach' },
      { name: 'connection', id: 'c1', tab: 'versions' },
      { name: 'connection', id: 'a b/c', tab: 'conflicts' },
    ];
    for (const r of routes) expect(matchRoute(routePath(r))).toEqual(r);
  });
});
