import { expect, it } from 'vitest';
import { COLLECTIONS } from './collection-names';
import { ensureIndexes, STORE_INDEXES } from './store-indexes';
import { describeStore } from './testing/describe-store';

describeStore('indexes', (ctx) => {
  it('opening created every index; running it again changes nothing', async () => {
    await ensureIndexes(ctx.store.db);
    for (const [collection, defs] of Object.entries(STORE_INDEXES)) {
      if (defs.length === 0) continue;
      const names = (await ctx.store.db.collection(collection).listIndexes().toArray()).map((i) => i.name);
      for (const d of defs) expect(names, collection).toContain(d.options.name);
    }
    const links = await ctx.store.db.collection(COLLECTIONS.links).listIndexes().toArray();
    expect(links.find((i) => i.name === 'scope_b_unique')).toMatchObject({ key: { workspaceId: 1, connectionId: 1, bId: 1 }, unique: true });
  });

  it('rebuilds an index whose definition changed (an upgrade), leaving the others', async () => {
    const users = ctx.store.db.collection(COLLECTIONS.users);
    await users.dropIndex('email_unique');
    await users.createIndex({ email: 1, name: 1 }, { name: 'email_unique' });
    await ensureIndexes(ctx.store.db);
    const index = (await users.listIndexes().toArray()).find((i) => i.name === 'email_unique');
    expect(index).toMatchObject({ key: { email: 1 }, unique: true });
  });
});
