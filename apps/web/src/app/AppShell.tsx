import { type ReactNode } from 'react';
import { Link } from './Link';
import type { Route } from './route';
import './shell.css';

const mainNav: readonly { label: string; to: Route; match: Route['name'][] }[] = [
  { label: 'Connections', to: { name: 'connections' }, match: ['connections', 'newConnection', 'connection'] },
  { label: 'Templates', to: { name: 'templates' }, match: ['templates'] },
  { label: 'Playground', to: { name: 'playground' }, match: ['playground'] },
];

/** The frame of every screen: the side navigation and the main area. */
export function AppShell({ route, children }: { route: Route; children: ReactNode }) {
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <nav className="shell-nav" aria-label="Main">
        <Link to={{ name: 'connections' }} className="shell-brand" aria-label="Sluice home">
          <span className="shell-logo" aria-hidden="true" />
          Sluice
        </Link>
        <ul>
          {mainNav.map((item) => (
            <li key={item.label}>
              <Link to={item.to} aria-current={item.match.includes(route.name) ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="shell-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
