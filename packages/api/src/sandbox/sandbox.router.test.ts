import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestEnv, type TestEnv } from '../testing/test-env';

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv();
});
afterAll(async () => env.close());

describe('sandbox router', () => {
  it('seeds, lists, edits and deletes sandbox records per workspace', async () => {
    const { caller } = await env.signUp();
    const seeded = await caller.sandbox.seed();
    expect(seeded.seeded?.people).toBeGreaterThan(0);
    expect((await caller.sandbox.seed()).seeded).toBeNull();
    const page = await caller.sandbox.crm.list({ limit: 10 });
    expect(page.items).toHaveLength(10);
    const person = await caller.sandbox.crm.create({ firstName: 'Zoe', lastName: 'Quist', email: 'zoe@example.com', labels: ['VIP'] });
    expect(person).toMatchObject({ firstName: 'Zoe', email: 'zoe@example.com', tags: ['VIP'] });
    const updated = await caller.sandbox.crm.update({ id: person.id, patch: { jobTitle: 'CTO' } });
    expect(updated.jobTitle).toBe('CTO');
    const withDeal = await caller.sandbox.crm.addDeal({ personId: person.id, deal: { title: 'Big one', value: 1000, status: 'won' } });
    expect(withDeal.deals).toMatchObject({ count: 1, won: 1, value: 1000 });
    const deals = await caller.sandbox.crm.deals({ personId: person.id });
    const lost = await caller.sandbox.crm.updateDeal({ dealId: deals[0]!.id, patch: { status: 'lost' } });
    expect(lost.deals?.won).toBe(0);
    await caller.sandbox.crm.delete({ id: person.id });
    await expect(caller.sandbox.crm.get({ id: person.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const prospect = await caller.sandbox.outreach.create({ email: 'p@example.com', tags: ['Trial'] });
    const blacklisted = await caller.sandbox.outreach.update({ id: prospect.id, patch: { status: 'BLACKLIST' } });
    expect(blacklisted.unsubscribed).toBe(true);
    expect((await caller.sandbox.outreach.get({ id: prospect.id })).email).toBe('p@example.com');
    await caller.sandbox.outreach.delete({ id: prospect.id });

    // Another workspace has its own sandbox.
    const other = await env.signUp();
    await expect(other.caller.sandbox.outreach.get({ id: prospect.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.sandbox.crm.create({ firstName: 'X', nickname: 'x' } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('"nickname"') });
  });

  it('makes an edit flow through an active connection', async () => {
    const { caller } = await env.signUp();
    const connection = await caller.connections.create({
      name: 'CRM → Outreach',
      apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } },
      mode: 'a-to-b',
    });
    await caller.connections.start({ id: connection.id });
    const waitRuns = async (n: number) => {
      for (let i = 0; i < 300; i++) {
        const runs = await caller.history.runs({ connectionId: connection.id });
        if (runs.filter((r) => r.status === 'succeeded').length >= n) return runs;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('no run');
    };
    await waitRuns(1);
    const person = await caller.sandbox.crm.create({ firstName: 'Live', lastName: 'Edit', email: 'live.edit@example.com' });
    await waitRuns(2);
    const story = await caller.history.record({ connectionId: connection.id, side: 'a', recordId: person.id });
    expect(story.link).not.toBeNull();
    const prospects = await caller.sandbox.outreach.list({ limit: 500 });
    let found = prospects.items.find((p) => p.email === 'live.edit@example.com');
    for (let after = prospects.nextAfterId; !found && after; ) {
      const next = await caller.sandbox.outreach.list({ limit: 500, afterId: after });
      found = next.items.find((p) => p.email === 'live.edit@example.com');
      after = next.nextAfterId;
    }
    expect(found).toMatchObject({ firstName: 'Live', lastName: 'Edit' });
  });
});
