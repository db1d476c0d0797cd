import { ConfirmDialog } from '../ui/Dialog';
import { errorMessage } from '../ui/ErrorState';
import { useSignOut } from './useSignOut';

/** Asks, then ends every session of the account, this one included (a lost laptop, a shared computer). */
export function SignOutEverywhereDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const signOut = useSignOut({ everywhere: true });
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Sign out everywhere?"
      description={
        <>
          Every browser signed in to this account is signed out, this one included. Use it after losing a laptop or signing in on a shared computer.
          {signOut.isError && <span className="error-text"> Not signed out: {errorMessage(signOut.error)}</span>}
        </>
      }
      confirmLabel={signOut.isPending ? 'Signing out…' : 'Sign out everywhere'}
      danger
      busy={signOut.isPending}
      onConfirm={() => signOut.mutate()}
    />
  );
}
