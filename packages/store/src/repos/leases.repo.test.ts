import { expect, it } from 'vitest';
import { describeStore } from '../testing/describe-store';

describeStore('leases repository', (ctx) => {
  it('gives a free connection to one owner and refuses others until it expires', async () => {
    const leases = ctx.store.leases;
    const mine = await leases.acquire('w1', 'c1', 'worker-1', 1000, 10_000);
    expect(mine).toEqual({ workspaceId: 'w1', connectionId: 'c1', owner: 'worker-1', expiresAt: 11_000 });
    expect(await leases.acquire('w1', 'c1', 'worker-2', 1000, 10_500)).toBeNull();
    // Re-acquiring our own lease extends it.
    expect((await leases.acquire('w1', 'c1', 'worker-1', 1000, 10_600))!.expiresAt).toBe(11_600);
    // Expired: a live worker takes it over, and the dead one cannot renew.
    expect(await leases.acquire('w1', 'c1', 'worker-2', 1000, 11_600)).toMatchObject({ owner: 'worker-2', expiresAt: 12_600 });
    expect(await leases.renew(mine!, 1000, 11_700)).toBeNull();
    expect(await leases.get('w1', 'c1')).toMatchObject({ owner: 'worker-2' });
  });

  it('renews and releases only a lease we hold', async () => {
    const leases = ctx.store.leases;
    const lease = (await leases.acquire('w1', 'c2', 'a', 1000, 0))!;
    expect(await leases.renew(lease, 5000, 500)).toMatchObject({ owner: 'a', expiresAt: 5500 });
    await leases.release({ ...lease, owner: 'b' });
    expect(await leases.get('w1', 'c2')).toMatchObject({ owner: 'a' });
    expect(await leases.heldBy('a')).toEqual([expect.objectContaining({ connectionId: 'c2' })]);
    await leases.release(lease);
    expect(await leases.get('w1', 'c2')).toBeNull();
    expect(await leases.acquire('w1', 'c2', 'b', 1000, 600)).toMatchObject({ owner: 'b' });
  });

  it('lets exactly one of many racing workers win', async () => {
    const owners = Array.from({ length: 12 }, (_, i) => `racer-${i}`);
    const results = await Promise.all(owners.map((o) => ctx.store.leases.acquire('w1', 'race', o, 60_000, 1000)));
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(await ctx.store.leases.get('w1', 'race')).toMatchObject({ owner: winners[0]!.owner });
  });

  it('counts the distinct owners of unexpired leases (the live workers)', async () => {
    const leases = ctx.store.leases;
    const base = 5_000_000_000_000; // far from the other tests' clocks, so their leases have expired
    await leases.acquire('w-live', 'a', 'live-1', 1000, base);
    await leases.acquire('w-live', 'b', 'live-1', 1000, base);
    await leases.acquire('w-live', 'c', 'live-2', 5000, base);
    expect(await leases.liveOwners(base + 500)).toBe(2);
    expect(await leases.liveOwners(base + 2000)).toBe(1); // live-1's leases expired
    expect(await leases.liveOwners(base + 6000)).toBe(0);
  });

  it('keeps the same connection id in two workspaces apart', async () => {
    expect(await ctx.store.leases.acquire('wA', 'same', 'x', 1000, 0)).not.toBeNull();
    expect(await ctx.store.leases.acquire('wB', 'same', 'y', 1000, 0)).not.toBeNull();
    expect(await ctx.store.leases.get('wB', 'same')).toMatchObject({ owner: 'y' });
  });
});
