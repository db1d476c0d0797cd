import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { navigate } from '../app/useRoute';
import { Menu, MenuItem, MenuLabel, MenuSeparator } from '../ui/Menu';
import { useSignOut } from './useSignOut';
import { roleLabel } from './roles';
import { SignOutEverywhereDialog } from './SignOutEverywhere';
import './account.css';

/** The initials shown in the account button ("Ada Lovelace" → "AL"). Pure. */
export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts;
  return letters.map((p) => p[0]!.toUpperCase()).join('') || '?';
}

/**
 * The signed-in person's menu: who and in which workspace, changing the password, members and
 * invitations (on the account page), sign out here or everywhere. Nothing while signed out (the
 * sign-in form fills the page then).
 */
export function AccountMenu({ compact = false }: { compact?: boolean }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.status.queryOptions());
  const user = status.data?.user;
  const workspace = useQuery({ ...trpc.workspace.get.queryOptions(), enabled: Boolean(user) });
  const signOut = useSignOut();
  const [everywhere, setEverywhere] = useState(false);
  if (!user) return null;
  const workspaceName = workspace.data?.name ?? 'Your workspace';
  return (
    <>
    <Menu
      side={compact ? 'bottom' : 'top'}
      align={compact ? 'end' : 'start'}
      trigger={
        // Named by its content: "Account:" then the person (the initials are an image of the name).
        <button type="button" className={`account-button ${compact ? 'is-compact' : ''}`}>
          <span className="visually-hidden">Account: </span>
          <span className="account-avatar" role="img" aria-label={user.name}>
            {initialsOf(user.name)}
          </span>
          {!compact && (
            <span className="account-who" aria-hidden="true">
              <span className="account-name">{user.name}</span>
              <span className="account-workspace">{workspaceName}</span>
            </span>
          )}
        </button>
      }
    >
      <MenuLabel>
        <strong>{user.name}</strong>
        {user.email}
      </MenuLabel>
      <MenuLabel>
        <strong>{workspaceName}</strong>
        {roleLabel(user.role)}
      </MenuLabel>
      <MenuSeparator />
      <MenuItem onSelect={() => navigate('/account#password')}>Change password</MenuItem>
      <MenuItem onSelect={() => navigate('/account#members')}>Members and invitations</MenuItem>
      <MenuSeparator />
      <MenuItem disabled={signOut.isPending} onSelect={() => signOut.mutate()}>
        Sign out
      </MenuItem>
      <MenuItem onSelect={() => setEverywhere(true)}>Sign out everywhere…</MenuItem>
    </Menu>
    <SignOutEverywhereDialog open={everywhere} onOpenChange={setEverywhere} />
    </>
  );
}
