import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { openStore } from '../open-store';
import { describeStore, TEST_SECRET_KEY } from '../testing/describe-store';

const SECRET = 'pd-token-7d1f0c2a9b5e4f1e';

describeStore('credentials repository and vault', (ctx) => {
  it('stores secrets encrypted: the raw collection holds no plaintext anywhere', async () => {
    const info = await ctx.store.credentials.create('w1', { app: 'pipedrive', label: 'Sales', secret: { apiToken: SECRET, domain: 'acme' } });
    const raw = await ctx.store.db.collection('credentials').findOne({ _id: info.id as never });
    const text = JSON.stringify(raw);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect(raw).toMatchObject({ workspaceId: 'w1', secret: { alg: 'aes-256-gcm', keyId: ctx.store.vault.currentKeyId } });
  });

  it('returns metadata only from create, get and list; only revealForEngine decrypts', async () => {
    const info = await ctx.store.credentials.create('w2', { app: 'hubspot', label: 'HS', secret: { accessToken: SECRET } });
    expect(info).toMatchObject({ app: 'hubspot', label: 'HS', status: 'unchecked', fields: ['accessToken'] });
    for (const answer of [info, await ctx.store.credentials.get('w2', info.id), await ctx.store.credentials.list('w2')]) {
      expect(JSON.stringify(answer)).not.toContain(SECRET);
      expect(JSON.stringify(answer)).not.toContain('"data"');
    }
    expect(await ctx.store.credentials.revealForEngine('w2', info.id)).toEqual({ accessToken: SECRET });
  });

  it('scopes every call by workspace', async () => {
    const info = await ctx.store.credentials.create('wA', { app: 'woodpecker', label: 'W', secret: { apiKey: SECRET } });
    expect(await ctx.store.credentials.get('wB', info.id)).toBeNull();
    expect(await ctx.store.credentials.list('wB')).toEqual([]);
    await expect(ctx.store.credentials.revealForEngine('wB', info.id)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    expect(await ctx.store.credentials.remove('wB', info.id)).toBe(false);
    expect(await ctx.store.credentials.markChecked('wB', info.id, 'ok')).toBe(false);
    await expect(ctx.store.credentials.replaceSecret('wB', info.id, { apiKey: 'x' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    expect(await ctx.store.credentials.revealForEngine('wA', info.id)).toEqual({ apiKey: SECRET });
  });

  it('a ciphertext copied into another credential does not open (bound to its document)', async () => {
    const a = await ctx.store.credentials.create('w3', { app: 'x', label: 'a', secret: { k: 'one' } });
    const b = await ctx.store.credentials.create('w3', { app: 'x', label: 'b', secret: { k: 'two' } });
    const coll = ctx.store.db.collection('credentials');
    const rawA = await coll.findOne({ _id: a.id as never });
    await coll.updateOne({ _id: b.id as never }, { $set: { secret: rawA!.secret } });
    await expect(ctx.store.credentials.revealForEngine('w3', b.id)).rejects.toMatchObject({ code: 'E_SECRET_UNREADABLE' });
    await ctx.store.credentials.remove('w3', b.id);
  });

  it('replaces secrets, records checks, renames and deletes', async () => {
    const info = await ctx.store.credentials.create('w4', { app: 'google', label: 'G', secret: { refreshToken: 'r1' } });
    const replaced = await ctx.store.credentials.replaceSecret('w4', info.id, { refreshToken: 'r2', accessToken: 'a2' });
    expect(replaced.fields).toEqual(['accessToken', 'refreshToken']);
    expect(await ctx.store.credentials.revealForEngine('w4', info.id)).toEqual({ refreshToken: 'r2', accessToken: 'a2' });
    expect(await ctx.store.credentials.markChecked('w4', info.id, 'ok', 123)).toBe(true);
    expect(await ctx.store.credentials.rename('w4', info.id, 'Google (work)')).toBe(true);
    expect(await ctx.store.credentials.get('w4', info.id)).toMatchObject({ status: 'ok', checkedAt: 123, label: 'Google (work)' });
    expect(await ctx.store.credentials.remove('w4', info.id)).toBe(true);
    expect(await ctx.store.credentials.get('w4', info.id)).toBeNull();
  });

  it('after the key changed: a clear E_SECRET_UNREADABLE, the stored secret untouched; rotate() moves secrets to the new key', async () => {
    const info = await ctx.store.credentials.create('w5', { app: 'x', label: 'rot', secret: { apiKey: SECRET } });
    const before = await ctx.store.db.collection('credentials').findOne({ _id: info.id as never });

    const newKey = randomBytes(32).toString('hex');
    const stranger = await openStore({ uri: ctx.uri, dbName: ctx.dbName, secretKey: newKey });
    try {
      expect(stranger.rotation).toBeNull();
      await expect(stranger.credentials.revealForEngine('w5', info.id)).rejects.toMatchObject({
        name: 'UserError',
        code: 'E_SECRET_UNREADABLE',
        message: expect.stringMatching(/key changed/),
      });
      const rotation = await stranger.credentials.rotate();
      expect(rotation.unreadable).toBeGreaterThanOrEqual(1);
      expect(await stranger.db.collection('credentials').findOne({ _id: info.id as never })).toEqual(before);
    } finally {
      await stranger.close();
    }

    // Opening with the new key and the old one as previous re-encrypts everything at once.
    const rotating = await openStore({ uri: ctx.uri, dbName: ctx.dbName, secretKey: newKey, previousKeys: [TEST_SECRET_KEY] });
    try {
      expect(rotating.rotation!.rotated).toBeGreaterThanOrEqual(1);
      expect(rotating.rotation!.unreadable).toBe(0);
      expect((await rotating.credentials.get('w5', info.id))!.keyId).toBe(rotating.vault.currentKeyId);
      expect((await rotating.credentials.rotate()).rotated).toBe(0);
    } finally {
      await rotating.close();
    }
    const onlyNew = await openStore({ uri: ctx.uri, dbName: ctx.dbName, secretKey: newKey });
    try {
      expect(await onlyNew.credentials.revealForEngine('w5', info.id)).toEqual({ apiKey: SECRET });
    } finally {
      await onlyNew.close();
    }
  });
});
