import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '@sluice/api/testing';
import type { ServerEnv } from '@sluice/server/testing';
import { IntercomFake } from '../fakes/intercom.fake';
import { data, serverForFakes, trpcInject } from './trpc-inject';

// Intercom as a user sets it up, over HTTP: the token checked against the app (a local stateful fake)
// with the region chosen beside it, how new contacts are added, a two-way connection with Sandbox CRM
// started and synced.
const TOKEN = 'ic-token';

let s: ServerEnv;
let fake: IntercomFake;
let cookie: string;

beforeAll(async () => {
  fake = new IntercomFake();
  await fake.server.start();
  fake.seed({ email: 'ada@example.com', name: 'Ada Lovelace', tags: ['VIP'], companies: ['Analytical'] });
  fake.seed({ email: 'gone@example.com', name: 'Gone', unsubscribed: true, role: 'lead' });
  ({ s, cookie } = await serverForFakes('ic@example.com'));
});
afterAll(async () => {
  await s?.close();
  await fake.server.stop();
});

const { post, get } = trpcInject(() => s, () => cookie);

describe('Intercom through the API', () => {
  it('is in the app list with its logo, where to find the token, the region asked beside it and the role of new contacts', async () => {
    type App = { id: string; name: string; logo: string; auth: { kind: string; help: string; keySettings?: Array<{ key: string; choices: Array<{ value: string }> }> }; settings: Array<{ key: string; default?: string }> };
    const ic = data<App[]>(await get('apps.list')).find((a) => a.id === 'intercom');
    expect(ic).toMatchObject({ name: 'Intercom', auth: { kind: 'apiKey', help: expect.stringContaining('Developer Hub') } });
    expect(ic!.logo).toMatch(/^<svg /);
    expect(ic!.auth.keySettings!.map((k) => [k.key, k.choices.map((c) => c.value)])).toEqual([['region', ['us', 'eu', 'au']]]);
    expect(ic!.settings.map((x) => [x.key, x.default])).toEqual([['roleIfNew', 'lead']]);
  });

  it('tells a refused token apart from an Intercom it cannot reach, and stores neither', async () => {
    const refused = await post('credentials.add', { app: 'intercom', label: 'IC', secret: { apiKey: 'wrong', region: 'eu' }, config: { baseUrl: fake.server.url } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.data.appCode).toBe('E_AUTH_REJECTED');
    expect(refused.json().error.message).toContain('Developer Hub');

    const unreachable = await post('credentials.add', { app: 'intercom', label: 'IC', secret: { apiKey: TOKEN }, config: { baseUrl: 'http://127.0.0.1:9' } });
    expect(unreachable.json().error.data.appCode).toBe('E_NETWORK');
    expect(unreachable.json().error.message).toMatch(/^Could not reach Intercom \(network\)/);
    expect(data<unknown[]>(await get('credentials.list', { app: 'intercom' }))).toEqual([]);
  });

  it('adds the token with its region, and syncs both ways with Sandbox CRM, adding new contacts as users', async () => {
    const credential = data<{ id: string; fields: string[] }>(await post('credentials.add', { app: 'intercom', label: 'Intercom', secret: { apiKey: TOKEN, region: 'eu' }, config: { baseUrl: fake.server.url } }));
    // The region goes with the token, and the fake's address is sealed with it.
    expect(credential.fields).toEqual(['apiBaseUrl', 'apiKey', 'region']);
    const roles = data<Array<{ value: string }>>(await get('apps.settingChoices', { id: 'intercom', key: 'roleIfNew', credentialId: credential.id }));
    expect(roles.map((c) => c.value)).toEqual(['lead', 'user']);

    data(await post('sandbox.crm.create', { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', labels: ['Customer'] }));
    const connection = data<{ id: string }>(
      await post('connections.create', {
        name: 'Intercom ↔ CRM',
        apps: { a: { connector: 'intercom', config: { roleIfNew: 'user' }, credentialId: credential.id }, b: { connector: 'sandbox-crm', config: {} } },
        mode: 'two-way',
      }),
    );
    data(await post('connections.start', { id: connection.id }));
    const status = await until('the first sync', async () => {
      const st = data<{ state: string; links: number; lastRun?: { status: string } | null }>(await get('connections.status', { id: connection.id }));
      return st.state === 'live.idle' && st.lastRun?.status === 'succeeded' && st;
    }, 60_000);
    expect(status.links).toBe(3);

    const people = data<{ items: Array<{ email: string | null; firstName: string | null; lastName: string | null; company?: string | null; tags: string[] }> }>(await get('sandbox.crm.list', { limit: 500 }));
    expect(people.items.find((p) => p.email === 'ada@example.com')).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', tags: ['VIP'] });

    const [grace] = fake.byEmail('grace@example.com');
    expect(grace).toMatchObject({ role: 'user', name: 'Grace Hopper' });
    expect(fake.tagNamesOf(grace!)).toContain('Customer');
    expect(fake.byEmail('gone@example.com')[0]!.unsubscribed_from_emails).toBe(true);
    // The token never leaves the server.
    expect(s.logs.join('\n')).not.toContain(TOKEN);
    data(await post('connections.pause', { id: connection.id }));
  });
});
