/**
 * Reads `probe` until it gives a value (a connection's status, a run in the history): tests wait on
 * what the system says, polled, never on a fixed sleep. Throws naming `what` after `ms`.
 * @example const live = await until('live.idle', async () => (await caller.connections.status({ id })).state === 'live.idle');
 */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
