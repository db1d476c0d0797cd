import type { ConnectionScope } from './scope.port';

/**
 * The one map key for a connection: the lease scheduler, the runtime's supervisors, the memory ports
 * and the stores' per-connection caches all key on it (a NUL cannot appear in either id). Pure.
 * @example scopeKey({ workspaceId: 'w1', connectionId: 'c1' }) // 'w1\u0000c1'
 */
export function scopeKey(scope: ConnectionScope): string {
  return `${scope.workspaceId}\u0000${scope.connectionId}`;
}
