import { useState, type ReactNode } from 'react';
import { Link } from './Link';
import type { Route } from './route';
import { AccountMenu } from '../account/AccountMenu';
import { useRoleAtLeast } from '../account/useRole';
import { Dialog, DialogClose } from '../ui/Dialog';
import './shell.css';

const mainNav: readonly { label: string; to: Route; match: Route['name'][]; admin?: true }[] = [
  { label: 'Connections', to: { name: 'connections' }, match: ['connections', 'newConnection', 'connection'] },
  { label: 'Templates', to: { name: 'templates' }, match: ['templates'] },
  { label: 'Sandbox apps', to: { name: 'sandbox', app: 'crm' }, match: ['sandbox'] },
  { label: 'Playground', to: { name: 'playground' }, match: ['playground'] },
  // The workspace's audit log and alerts are for admins and the owner (the API refuses the others).
  { label: 'Audit log', to: { name: 'audit' }, match: ['audit'], admin: true },
  { label: 'Alerts', to: { name: 'alerts' }, match: ['alerts'], admin: true },
];

function NavList({ route, inSheet = false }: { route: Route; inSheet?: boolean }) {
  const isAdmin = useRoleAtLeast('admin');
  return (
    <ul className="shell-links">
      {mainNav.filter((item) => isAdmin || !item.admin).map((item) => {
        const link = (
          <Link to={item.to} aria-current={item.match.includes(route.name) ? 'page' : undefined}>
            {item.label}
          </Link>
        );
        // In the narrow layout's sheet, following a link also closes the sheet.
        return <li key={item.label}>{inSheet ? <DialogClose asChild>{link}</DialogClose> : link}</li>;
      })}
    </ul>
  );
}

function Brand() {
  return (
    <Link to={{ name: 'connections' }} className="shell-brand" aria-label="Sluice home">
      <span className="shell-logo" aria-hidden="true" />
      Sluice
    </Link>
  );
}

/**
 * The frame of every screen. Wide: the side navigation with the account menu at its foot. Narrow
 * (under 768 px): a top bar with a menu button that opens the navigation as a sheet, and the account
 * menu on the right.
 */
export function AppShell({ route, children }: { route: Route; children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-topbar">
        <button type="button" className="btn shell-menu-button" aria-label="Open the menu" aria-expanded={menuOpen} onClick={() => setMenuOpen(true)}>
          <span className="shell-burger" aria-hidden="true" />
        </button>
        <Brand />
        <AccountMenu compact />
      </header>
      <Dialog open={menuOpen} onOpenChange={setMenuOpen} title="Menu" variant="sheet">
        <nav aria-label="Main">
          <NavList route={route} inSheet />
        </nav>
      </Dialog>
      <nav className="shell-nav" aria-label="Main">
        <Brand />
        <NavList route={route} />
        <div className="shell-nav-foot">
          <AccountMenu />
        </div>
      </nav>
      <main id="main" className="shell-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
