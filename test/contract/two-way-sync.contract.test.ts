import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '@sluice/graph';
import { type Connector, parseConnectionConfig, runSummary, runSync } from '@sluice/engine';
import { createMemoryStores } from '@sluice/engine/testing';
import { createVirtualClock } from '../../packages/connectors/src/http/clock';
import { createGoogleContactsConnector } from '../../packages/connectors/src/google/google.connector';
import { createHubSpotConnector } from '../../packages/connectors/src/hubspot/hubspot.connector';
import { createIntercomConnector } from '../../packages/connectors/src/intercom/intercom.connector';
import { createMailchimpConnector } from '../../packages/connectors/src/mailchimp/mailchimp.connector';
import { createMicrosoftConnector } from '../../packages/connectors/src/microsoft/microsoft.connector';
import { createPipedriveConnector } from '../../packages/connectors/src/pipedrive/pipedrive.connector';
import { createWoodpeckerConnector } from '../../packages/connectors/src/woodpecker/woodpecker.connector';
import { createMemorySandboxStore } from '../../packages/connectors/src/sandbox/memory-sandbox.store';
import { createSandboxCrmFactory } from '../../packages/connectors/src/sandbox/sandbox-crm.connector';
import { GooglePeopleFake } from '../fakes/google-people.fake';
import { HubSpotFake } from '../fakes/hubspot.fake';
import { IntercomFake } from '../fakes/intercom.fake';
import { MailchimpFake } from '../fakes/mailchimp.fake';
import { MicrosoftGraphFake } from '../fakes/microsoft-graph.fake';
import { PipedriveFake } from '../fakes/pipedrive.fake';
import { WoodpeckerFake } from '../fakes/woodpecker.fake';
import { PrismHarness, specsDir } from '../fakes/prism.harness';

// Two-way sync between the Sandbox CRM and each real connector, run by the engine against the
// vendor's fake (behind Prism where a description exists): initial sync with a first-sync conflict,
// one change on each side, and a last run that writes nothing.
// The fakes listen on loopback, which connectors call only when the operator allows private URLs.
const local = { allowPrivateUrls: true };
const clock = createVirtualClock();

/** What a scenario needs from the vendor side. */
interface Remote {
  connector: Connector;
  /** Adds a contact as a user of the app would; returns its id. */
  add(email: string, firstName: string, lastName: string): string;
  /** Changes a contact's last name as a user of the app would. */
  rename(id: string, lastName: string): void;
  /** The contact as the app holds it, by email (with the field `edit` changes). */
  find(email: string): { firstName?: string; lastName?: string; [field: string]: unknown } | undefined;
  /** The field a Sandbox CRM user changes for the second run, and to what (the app must have it): jobTitle unless said. */
  edit?: { path: string; value: string };
  violations(): unknown[];
  stop(): Promise<void>;
}

async function withPrism(spec: string, server: { url: string }) {
  const prism = new PrismHarness(`${specsDir}/${spec}`, server.url);
  await prism.start();
  return prism;
}

const remotes: Record<string, () => Promise<Remote>> = {
  async pipedrive() {
    const fake = new PipedriveFake();
    await fake.server.start();
    const prism = await withPrism('pipedrive/openapi-v2.persons-deals.yaml', fake.server);
    const person = (email: string) => [...fake.persons.values()].find((p) => !p.is_deleted && p.emails.some((e) => e.value === email));
    return {
      connector: createPipedriveConnector({ config: { baseUrl: prism.url }, credential: { apiToken: 'pd-token' } }, { ...local, clock }),
      add: (email, first, last) => String(fake.seedPerson({ name: `${first} ${last}`, email }).id),
      rename: (id, last) => fake.touch(Number(id), { name: `${fake.persons.get(Number(id))!.first_name} ${last}`, last_name: last }),
      find: (email) => {
        const p = person(email);
        return p && { firstName: p.first_name, lastName: p.last_name, jobTitle: p.job_title };
      },
      violations: () => prism.violations,
      stop: async () => {
        await prism.stop();
        await fake.server.stop();
      },
    };
  },
  async woodpecker() {
    const fake = new WoodpeckerFake();
    await fake.server.start();
    const prism = await withPrism('woodpecker/woodpecker-v1.powerplatform.swagger.json', fake.server);
    return {
      connector: createWoodpeckerConnector({ config: { baseUrl: prism.url }, credential: { apiKey: 'wp-key' } }, { ...local, clock }),
      add: (email, first_name, last_name) => String(fake.seed({ email, first_name, last_name }).id),
      rename: (id, last_name) => fake.edit(Number(id), { last_name }),
      find: (email) => {
        const p = [...fake.prospects.values()].find((x) => x.email === email);
        return p && { firstName: p.first_name, lastName: p.last_name, jobTitle: p.title };
      },
      violations: () => prism.violations,
      stop: async () => {
        await prism.stop();
        await fake.server.stop();
      },
    };
  },
  async 'google-contacts'() {
    const fake = new GooglePeopleFake();
    await fake.server.start();
    const prism = await withPrism('google/people-v1.prism.json', fake.server);
    return {
      connector: createGoogleContactsConnector(
        {
          config: { baseUrl: prism.url, tokenUrl: `${fake.server.url}/token` },
          credential: { accessToken: 'access-0', refreshToken: 'refresh-1', clientId: 'client-1', clientSecret: 'secret-1' },
        },
        { ...local, clock },
      ),
      add: (email, givenName, familyName) => fake.seed({ names: [{ givenName, familyName }], emailAddresses: [{ value: email }] }).resourceName,
      rename: (id, familyName) => fake.edit(id, { names: [{ ...fake.people.get(id)!.person.names![0], familyName }] }),
      find: (email) => {
        const p = fake.live().find((x) => x.emailAddresses?.some((e) => e.value === email));
        return p && { firstName: p.names?.[0]?.givenName, lastName: p.names?.[0]?.familyName, jobTitle: p.organizations?.[0]?.title };
      },
      violations: () => prism.violations,
      stop: async () => {
        await prism.stop();
        await fake.server.stop();
      },
    };
  },
  async mailchimp() {
    const fake = new MailchimpFake();
    await fake.server.start();
    const prism = await withPrism('mailchimp/marketing-v3.lists-members-batches.openapi.json', fake.server);
    const list = fake.addList('Newsletter');
    const byId = (id: string) => fake.live(list).find((m) => m.contact_id === id)!;
    return {
      connector: createMailchimpConnector({ config: { baseUrl: prism.url, listId: list }, credential: { apiKey: 'mc-key-us6' } }, { ...local, clock }),
      add: (email, FNAME, LNAME) => fake.seed(list, { email, merge: { FNAME, LNAME } }).contact_id,
      rename: (id, LNAME) => void fake.touch(list, byId(id).id, { merge: { LNAME } }),
      find: (email) => {
        const m = fake.member(list, email);
        return m && { firstName: String(m.merge_fields.FNAME) || undefined, lastName: String(m.merge_fields.LNAME) || undefined, phone: m.merge_fields.PHONE };
      },
      // Mailchimp has no job title; the PHONE merge field it has.
      edit: { path: 'phone', value: '+32 9 555 01 23' },
      violations: () => prism.violations,
      stop: async () => {
        await prism.stop();
        await fake.server.stop();
      },
    };
  },
  async intercom() {
    const fake = new IntercomFake();
    await fake.server.start();
    const prism = await withPrism('intercom/intercom-2.16.contacts-companies-tags.openapi.yaml', fake.server);
    const split = (name: string | null) => ({ firstName: name?.split(' ')[0], lastName: name?.split(' ').slice(1).join(' ') || undefined });
    return {
      connector: createIntercomConnector({ config: { baseUrl: prism.url }, credential: { accessToken: 'ic-token' } }, { ...local, clock }),
      add: (email, first, last) => fake.seed({ email, name: `${first} ${last}` }).id,
      rename: (id, last) => void fake.touch(id, { name: `${split(fake.contacts.get(id)!.name).firstName} ${last}` }),
      find: (email) => {
        const c = fake.byEmail(email)[0];
        return c && { ...split(c.name), company: fake.companyNamesOf(c)[0] };
      },
      // Intercom has no job title; a company it has.
      edit: { path: 'company', value: 'Acme' },
      violations: () => prism.violations,
      stop: async () => {
        await prism.stop();
        await fake.server.stop();
      },
    };
  },
  async 'microsoft-365'() {
    const fake = new MicrosoftGraphFake();
    await fake.server.start();
    const prism = await withPrism('microsoft-graph/graph-v1.0.contacts-subscriptions.openapi.yaml', fake.server);
    fake.publicUrl = prism.url;
    return {
      connector: createMicrosoftConnector(
        {
          config: { baseUrl: prism.url, tokenUrl: `${fake.server.url}/common/oauth2/v2.0/token` },
          credential: { accessToken: 'ms-access-0', refreshToken: 'ms-refresh-0', clientId: fake.client.id, clientSecret: fake.client.secret },
        },
        { ...local, clock },
      ),
      add: (email, givenName, surname) => fake.seed({ givenName, surname, emailAddresses: [{ address: email, name: email }] }).id,
      rename: (id, surname) => void fake.edit(id, { surname }),
      find: (email) => {
        const c = fake.byEmail(email);
        return c && { firstName: c.givenName ?? undefined, lastName: c.surname ?? undefined, jobTitle: c.jobTitle ?? undefined };
      },
      violations: () => prism.violations,
      stop: async () => {
        await prism.stop();
        await fake.server.stop();
      },
    };
  },
  async hubspot() {
    const fake = new HubSpotFake();
    await fake.server.start();
    const contact = (email: string) => [...fake.contacts.values()].find((c) => !c.archived && c.properties.email === email);
    return {
      connector: createHubSpotConnector({ config: { baseUrl: fake.server.url, searchLagMs: 0 }, credential: { accessToken: 'hs-private-app' } }, { ...local, clock }),
      add: (email, firstname, lastname) => fake.seed({ email, firstname, lastname }).id,
      rename: (id, lastname) => fake.edit(id, { lastname }),
      find: (email) => {
        const c = contact(email);
        return c && { firstName: c.properties.firstname ?? undefined, lastName: c.properties.lastname ?? undefined, jobTitle: c.properties.jobtitle ?? undefined };
      },
      violations: () => fake.violations,
      stop: () => fake.server.stop(),
    };
  },
};

describe.each(Object.keys(remotes))('two-way sync: Sandbox CRM ↔ %s', (app) => {
  let remote: Remote;
  beforeAll(async () => {
    remote = await remotes[app]!();
  });
  afterAll(async () => {
    await remote?.stop();
  });

  it('syncs both ways, settles a conflict, carries one change each side, then writes nothing', async () => {
    const sandbox = createSandboxCrmFactory(createMemorySandboxStore()).create({ config: { workspaceId: 'w', seed: false } });
    const config = parseConnectionConfig({
      format: 'sluice.connection/v1',
      name: `Sandbox CRM ↔ ${app}`,
      apps: { a: { connector: 'sandbox-crm' }, b: { connector: app } },
      mode: 'two-way',
      conflict: { winner: 'a' },
      match: { keys: ['email'] },
    });
    const stores = createMemoryStores();
    const scope = { workspaceId: 'w', connectionId: app };
    const sync = async () => runSummary((await runSync({ scope, config, connectors: { a: sandbox, b: remote.connector }, stores, pageSize: 50 })).counts);
    const write = async (fields: Record<string, unknown>, id?: string) => {
      const [r] = await sandbox.upsertBatch([{ ref: 'x', id, fields }], `w-${Math.random()}`);
      return (r as { id: string }).id;
    };

    const annId = await write({ email: 'ann@x.io', firstName: 'Ann', lastName: 'Lee' });
    await write({ email: 'bob@x.io', firstName: 'Bob', lastName: 'Sandbox' });
    const cyId = remote.add('cy@x.io', 'Cy', 'Remote');
    remote.add('bob@x.io', 'Bob', 'Elsewhere'); // both sides hold Bob with different last names

    const first = await sync();
    expect(first.created).toEqual({ a: 1, b: 1 });
    expect(first.conflicts).toBeGreaterThanOrEqual(1);
    expect(remote.find('ann@x.io')).toMatchObject({ firstName: 'Ann', lastName: 'Lee' });
    expect(remote.find('bob@x.io')!.lastName).toBe('Sandbox'); // the winner (a) wrote to both
    const cyInSandbox = (await sandbox.findByKey('email', ['cy@x.io'])).get('cy@x.io')![0] as Contact;
    expect(cyInSandbox).toMatchObject({ firstName: 'Cy', lastName: 'Remote' });

    const edit = remote.edit ?? { path: 'jobTitle', value: 'CTO' };
    await write({ [edit.path]: edit.value }, annId);
    remote.rename(cyId, 'Changed');
    const second = await sync();
    expect(second.updated).toEqual({ a: 1, b: 1 });
    expect(remote.find('ann@x.io')![edit.path]).toBe(edit.value);
    expect((await sandbox.findByKey('email', ['cy@x.io'])).get('cy@x.io')![0]!.lastName).toBe('Changed');

    const third = await sync();
    expect(third).toMatchObject({ created: { a: 0, b: 0 }, updated: { a: 0, b: 0 }, failed: 0 });
    expect(remote.violations()).toEqual([]);
  });
});
