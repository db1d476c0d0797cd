import type { ConnectionScope } from '../ports/scope.port';

/** A map key for one connection's data. Pure. */
export function scopeKey(scope: ConnectionScope): string {
  return `${scope.workspaceId}\u0000${scope.connectionId}`;
}

/** A structured clone, so callers never share mutable state with a memory store. Pure. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
