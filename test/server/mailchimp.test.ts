import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '@sluice/api/testing';
import type { ServerEnv } from '@sluice/server/testing';
import { MailchimpFake, hashOf } from '../fakes/mailchimp.fake';
import { data, serverForFakes, trpcInject } from './trpc-inject';

// Mailchimp as a user sets it up, over HTTP: the key checked against the app (a local stateful fake),
// the audience chosen from what the key sees, a two-way connection with Sandbox CRM started and synced.
const KEY = 'mc-key-us6';

let s: ServerEnv;
let fake: MailchimpFake;
let cookie: string;
let list: string;

beforeAll(async () => {
  fake = new MailchimpFake();
  await fake.server.start();
  list = fake.addList('Newsletter');
  fake.addList('Customers');
  fake.seed(list, { email: 'ada@example.com', merge: { FNAME: 'Ada', LNAME: 'Lovelace' }, tags: ['VIP'] });
  fake.seed(list, { email: 'gone@example.com', status: 'unsubscribed', merge: { FNAME: 'Gone' } });
  ({ s, cookie } = await serverForFakes('mc@example.com'));
});
afterAll(async () => {
  await s?.close();
  await fake.server.stop();
});

const { post, get } = trpcInject(() => s, () => cookie);

describe('Mailchimp through the API', () => {
  it('is in the app list with its logo, where to find the key, and the settings each side chooses', async () => {
    const apps = data<Array<{ id: string; name: string; logo: string; auth: { kind: string; help: string }; settings: Array<{ key: string; choices: unknown; required?: boolean }> }>>(await get('apps.list'));
    const mc = apps.find((a) => a.id === 'mailchimp');
    expect(mc).toMatchObject({ name: 'Mailchimp', auth: { kind: 'apiKey', help: expect.stringContaining('Extras → API keys') } });
    expect(mc!.logo).toMatch(/^<svg /);
    expect(mc!.settings.map((x) => [x.key, x.choices === 'account' ? 'account' : 'fixed', Boolean(x.required)])).toEqual([
      ['listId', 'account', true],
      ['statusIfNew', 'fixed', false],
    ]);
  });

  it('tells a refused key apart from a Mailchimp it cannot reach, and stores neither', async () => {
    const refused = await post('credentials.add', { app: 'mailchimp', label: 'MC', secret: { apiKey: 'wrong-us6' }, config: { baseUrl: fake.server.url } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.data.appCode).toBe('E_AUTH_REJECTED');
    expect(refused.json().error.message).toContain('Create a new key in Mailchimp');

    const unreachable = await post('credentials.add', { app: 'mailchimp', label: 'MC', secret: { apiKey: KEY }, config: { baseUrl: 'http://127.0.0.1:9' } });
    expect(unreachable.json().error.data.appCode).toBe('E_NETWORK');
    expect(unreachable.json().error.message).toMatch(/^Could not reach Mailchimp \(network\)/);
    expect(data<unknown[]>(await get('credentials.list', { app: 'mailchimp' }))).toEqual([]);
  });

  it('adds the key, offers the audiences it sees, and syncs one both ways with Sandbox CRM, adding new members as transactional', async () => {
    const credential = data<{ id: string; fields: string[] }>(await post('credentials.add', { app: 'mailchimp', label: 'Mailchimp', secret: { apiKey: KEY }, config: { baseUrl: fake.server.url } }));
    // The fake's address is sealed with the key: a connection cannot send it anywhere else.
    expect(credential.fields).toEqual(['apiBaseUrl', 'apiKey']);

    const audiences = data<Array<{ value: string; label: string; help?: string }>>(await get('apps.settingChoices', { id: 'mailchimp', key: 'listId', credentialId: credential.id }));
    expect(audiences.map((a) => a.label)).toEqual(['Newsletter', 'Customers']);
    expect(audiences[0]).toMatchObject({ value: list, help: '1 subscribed contact' });
    const statuses = data<Array<{ value: string }>>(await get('apps.settingChoices', { id: 'mailchimp', key: 'statusIfNew', credentialId: credential.id }));
    expect(statuses.map((c) => c.value)).toEqual(['subscribed', 'transactional', 'pending']);

    data(await post('sandbox.crm.create', { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', labels: ['Customer'] }));
    const connection = data<{ id: string }>(
      await post('connections.create', {
        name: 'Mailchimp ↔ CRM',
        apps: { a: { connector: 'mailchimp', config: { listId: list, statusIfNew: 'transactional' }, credentialId: credential.id }, b: { connector: 'sandbox-crm', config: {} } },
        mode: 'two-way',
      }),
    );
    data(await post('connections.start', { id: connection.id }));
    const status = await until('the first sync', async () => {
      const st = data<{ state: string; links: number; lastRun?: { status: string } | null }>(await get('connections.status', { id: connection.id }));
      return st.state === 'live.idle' && st.lastRun?.status === 'succeeded' && st;
    }, 60_000);
    // Ada, the unsubscribed member and Grace are linked (the unsubscribe stays one in Mailchimp, below).
    expect(status.links).toBe(3);

    const people = data<{ items: Array<{ email: string | null; firstName: string | null; tags: string[] }> }>(await get('sandbox.crm.list', { limit: 500 }));
    expect(people.items.find((p) => p.email === 'ada@example.com')).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', tags: ['VIP'] });

    const members = fake.lists.get(list)!.members;
    expect(members.get(hashOf('grace@example.com'))).toMatchObject({ status: 'transactional', merge_fields: expect.objectContaining({ FNAME: 'Grace', LNAME: 'Hopper' }) });
    expect(members.get(hashOf('grace@example.com'))!.tags.map((t) => t.name)).toContain('Customer');
    expect(members.get(hashOf('gone@example.com'))!.status).toBe('unsubscribed');
    // The key never leaves the server.
    expect(s.logs.join('\n')).not.toContain(KEY);
    data(await post('connections.pause', { id: connection.id }));
  });
});
