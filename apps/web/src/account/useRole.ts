import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { roleAtLeast, type Role } from './roles';

/**
 * Whether the signed-in person's role in this workspace allows `least` (the API enforces it; the
 * screens use it to leave out what would be refused). False while the role is unknown.
 */
export function useRoleAtLeast(least: Role): boolean {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.status.queryOptions());
  const role = status.data?.user?.role;
  return role ? roleAtLeast(role, least) : false;
}
