import { expect, it } from 'vitest';
import { migrateLegacyRoles } from '../migrate-roles';
import { describeStore } from '../testing/describe-store';

/** Times in the future, so the server's TTL sweep does not remove documents mid-test. */
const T = Date.now() + 3600_000;

describeStore('auth attempts, instance claims, roles', (ctx) => {
  it('counts every one of many concurrent attempts, and starts a new window once one ends', async () => {
    const attempts = ctx.store.authAttempts;
    const counts = await Promise.all(Array.from({ length: 30 }, () => attempts.hit('ip:10.0.0.1', 60_000, T)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(counts.map((c) => c.resetAt))).toEqual(new Set([T + 60_000]));
    expect(await attempts.peek('ip:10.0.0.1', T + 1)).toEqual({ count: 30, resetAt: T + 60_000 });
    expect(await attempts.peek('ip:10.0.0.2', T)).toBeNull();
    // The window ended (the TTL sweep may not have run yet): counting starts again at 1.
    expect(await attempts.peek('ip:10.0.0.1', T + 60_000)).toBeNull();
    expect(await attempts.hit('ip:10.0.0.1', 60_000, T + 60_000)).toEqual({ count: 1, resetAt: T + 120_000 });
  });

  it('moves the end of a window (a lock) and forgets a key', async () => {
    const attempts = ctx.store.authAttempts;
    await attempts.hit('fail:ann@example.com', 60_000, T);
    expect(await attempts.endWindowAt('fail:ann@example.com', T + 900_000)).toBe(true);
    expect(await attempts.peek('fail:ann@example.com', T + 600_000)).toEqual({ count: 1, resetAt: T + 900_000 });
    await attempts.clear('fail:ann@example.com');
    expect(await attempts.peek('fail:ann@example.com', T)).toBeNull();
    expect(await attempts.endWindowAt('fail:ann@example.com', T)).toBe(false);
  });

  it('lets exactly one of two concurrent claims in, and a released claim be made again', async () => {
    const results = await Promise.all([ctx.store.instance.claim('first-account', 'a'), ctx.store.instance.claim('first-account', 'b')]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results[0] ? 'a' : 'b';
    await ctx.store.instance.release('first-account', winner === 'a' ? 'b' : 'a');
    expect(await ctx.store.instance.claim('first-account', 'c')).toBe(false);
    await ctx.store.instance.release('first-account', winner);
    expect(await ctx.store.instance.claim('first-account', 'c')).toBe(true);
  });

  it('finds the owner, changes roles, and turns the old role "member" into "editor"', async () => {
    const members = ctx.store.members;
    await members.add('w-roles', 'u-owner', 'owner', 1);
    await members.add('w-roles', 'u-old', 'viewer', 2);
    expect(await members.owner('w-roles')).toMatchObject({ userId: 'u-owner' });
    expect(await members.setRole('w-roles', 'u-old', 'admin')).toBe(true);
    expect(await members.setRole('w-roles', 'nobody', 'admin')).toBe(false);
    await ctx.store.db.collection('members').updateOne({ workspaceId: 'w-roles', userId: 'u-old' }, { $set: { role: 'member' } });
    await ctx.store.invitations.create('w-roles', { email: 'old@x.io', role: 'member' as never, invitedBy: 'u-owner', now: T });
    expect(await migrateLegacyRoles(ctx.store.db)).toBe(2);
    expect(await members.get('w-roles', 'u-old')).toMatchObject({ role: 'editor' });
    expect((await ctx.store.invitations.list('w-roles', T)).map((i) => i.role)).toEqual(['editor']);
    expect(await migrateLegacyRoles(ctx.store.db)).toBe(0);
  });
});
