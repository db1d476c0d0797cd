import type { ConnectionScope } from '@sluice/engine';

/** The filter every connection-scoped query starts from: both ids, always. Pure. */
export function scopeFilter(scope: ConnectionScope): { workspaceId: string; connectionId: string } {
  return { workspaceId: scope.workspaceId, connectionId: scope.connectionId };
}
