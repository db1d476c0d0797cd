export type Direction = 'aToB' | 'bToA';

const key = (connectionId: string) => `sluice.rules-direction:${connectionId}`;

/** The direction last shown on a connection's Rules tab in this browser tab, if any. */
export function rememberedDirection(connectionId: string): Direction | undefined {
  try {
    const v = window.sessionStorage.getItem(key(connectionId));
    return v === 'aToB' || v === 'bToA' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers the direction shown, so a reload or a visit to another tab comes back to it. */
export function rememberDirection(connectionId: string, direction: Direction): void {
  try {
    window.sessionStorage.setItem(key(connectionId), direction);
  } catch {
    // No session storage: the first direction is shown next time.
  }
}
