import { expect, it } from 'vitest';
import { describeStore } from '../testing/describe-store';

/** Times in the future, so the server's TTL sweep does not remove documents mid-test. */
const T = Date.now() + 3600_000;

describeStore('users, workspaces, members, invitations, sessions', (ctx) => {
  it('users: email unique and lower-cased; the hash only through findForSignIn', async () => {
    const users = ctx.store.users;
    const before = await users.count();
    const ann = await users.create({ email: '  Ann@Example.COM ', name: 'Ann', passwordHash: 'scrypt$abc' });
    expect(ann).toMatchObject({ email: 'ann@example.com', name: 'Ann' });
    expect(JSON.stringify(ann)).not.toContain('scrypt');
    await expect(users.create({ email: 'ANN@example.com', name: 'Other', passwordHash: 'x' })).rejects.toMatchObject({ code: 'E_EMAIL_TAKEN' });
    expect(await users.findByEmail('ann@EXAMPLE.com')).toEqual(ann);
    expect(await users.findForSignIn('Ann@example.com')).toEqual({ user: ann, passwordHash: 'scrypt$abc' });
    expect(await users.setPasswordHash(ann.id, 'scrypt$new')).toBe(true);
    expect((await users.findForSignIn('ann@example.com'))!.passwordHash).toBe('scrypt$new');
    expect(await users.get(ann.id)).toEqual(ann);
    expect(await users.count()).toBe(before + 1);
  });

  it('workspaces and members: a user sees the workspaces they belong to', async () => {
    const ws = await ctx.store.workspaces.create({ name: 'Acme', createdBy: 'u1' });
    const other = await ctx.store.workspaces.create({ name: 'Beta', createdBy: 'u2' });
    await ctx.store.members.add(ws.id, 'u1', 'owner', 1);
    await ctx.store.members.add(ws.id, 'u2', 'editor', 2);
    await ctx.store.members.add(other.id, 'u2', 'owner', 3);
    expect(await ctx.store.members.get(ws.id, 'u2')).toEqual({ workspaceId: ws.id, userId: 'u2', role: 'editor', joinedAt: 2 });
    await ctx.store.members.add(ws.id, 'u2', 'admin', 9);
    expect(await ctx.store.members.get(ws.id, 'u2')).toMatchObject({ role: 'admin', joinedAt: 2 });
    expect((await ctx.store.members.list(ws.id)).map((m) => m.userId)).toEqual(['u1', 'u2']);
    expect(await ctx.store.members.get(other.id, 'u1')).toBeNull();
    const mine = await ctx.store.members.workspacesOf('u2');
    expect((await ctx.store.workspaces.getMany(mine.map((m) => m.workspaceId))).map((w) => w.name)).toEqual(['Acme', 'Beta']);
    expect(await ctx.store.members.remove(ws.id, 'u2')).toBe(true);
    expect(await ctx.store.members.list(ws.id)).toHaveLength(1);
    expect(await ctx.store.workspaces.rename(ws.id, 'Acme Inc')).toBe(true);
    expect((await ctx.store.workspaces.get(ws.id))!.name).toBe('Acme Inc');
  });

  it('invitations: token shown once, stored hashed, accepted once, scoped for listing and revoking', async () => {
    const { token, invitation } = await ctx.store.invitations.create('wI', { email: 'Bob@x.io', role: 'editor', invitedBy: 'u1', now: T + 1000, ttlMs: 10_000 });
    expect(invitation).toMatchObject({ workspaceId: 'wI', email: 'bob@x.io', expiresAt: T + 11_000 });
    const raw = await ctx.store.db.collection('invitations').findOne({ workspaceId: 'wI' });
    expect(JSON.stringify(raw)).not.toContain(token);
    expect(await ctx.store.invitations.list('wI', T + 2000)).toEqual([invitation]);
    expect(await ctx.store.invitations.list('other', T + 2000)).toEqual([]);
    expect(await ctx.store.invitations.revoke('other', invitation.id)).toBe(false);
    expect(await ctx.store.invitations.peek(token, T + 2000)).toEqual(invitation);
    expect(await ctx.store.invitations.accept(token, T + 20_000)).toBeNull();
    expect(await ctx.store.invitations.accept(token, T + 2000)).toEqual(invitation);
    expect(await ctx.store.invitations.accept(token, T + 2000)).toBeNull();
  });

  it('sessions: token hashed at rest, expiry honoured, extended, removed', async () => {
    const { token, session } = await ctx.store.sessions.create({ userId: 'u1', workspaceId: 'w1', ttlMs: 1000, now: T + 5000 });
    expect(session).toEqual({ userId: 'u1', workspaceId: 'w1', createdAt: T + 5000, expiresAt: T + 6000 });
    const raw = await ctx.store.db.collection('sessions').findOne({ userId: 'u1' });
    expect(JSON.stringify(raw)).not.toContain(token);
    expect(await ctx.store.sessions.find(token, T + 5500)).toEqual(session);
    expect(await ctx.store.sessions.find(token, T + 6000)).toBeNull();
    expect(await ctx.store.sessions.find('not-a-token', T + 5500)).toBeNull();
    expect(await ctx.store.sessions.extend(token, 1000, T + 5900)).toBe(true);
    expect(await ctx.store.sessions.find(token, T + 6500)).toMatchObject({ expiresAt: T + 6900 });
    expect(await ctx.store.sessions.setWorkspace(token, 'w2')).toBe(true);
    expect((await ctx.store.sessions.find(token, T + 6500))!.workspaceId).toBe('w2');
    await ctx.store.sessions.remove(token);
    expect(await ctx.store.sessions.find(token, T + 6500)).toBeNull();
    await ctx.store.sessions.create({ userId: 'u9', ttlMs: 1000 });
    await ctx.store.sessions.create({ userId: 'u9', ttlMs: 1000 });
    expect(await ctx.store.sessions.removeForUser('u9')).toBe(2);
    const indexes = await ctx.store.db.collection('sessions').listIndexes().toArray();
    expect(indexes.find((i) => i.name === 'expires_ttl')).toMatchObject({ expireAfterSeconds: 0 });
  });
});
