import { writeFileSync } from 'node:fs';
import type { ConnectionScope } from '@sluice/engine';
import type { ConnectionSettings } from '@sluice/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GooglePeopleFake } from '../fakes/google-people.fake';
import { HubSpotFake } from '../fakes/hubspot.fake';
import { PipedriveFake } from '../fakes/pipedrive.fake';
import { Cluster, contactLine, readContacts, WORKSPACE } from './cluster.harness';
import { eventually, type WorkerProcess } from './processes.harness';

// HubSpot, Pipedrive and Google Contacts, each against its local fake, synced both ways with a JSON
// Lines file by one `sluice worker` process (the real command, not this process): the initial sync
// matches the person both sides hold and creates the others on the opposite side; then a name changed
// in the app reaches the file through the worker's next live run.

/** One vendor app as its user sees it: add a person, change a last name, look a person up by email. */
interface Vendor {
  connector: string;
  secret: Record<string, string>;
  url: string;
  add(email: string, first: string, last: string): void;
  rename(email: string, last: string): void;
  find(email: string): { first?: string; last?: string }[];
  stop(): Promise<void>;
}

async function hubspot(): Promise<Vendor> {
  const fake = new HubSpotFake();
  const url = await fake.server.start();
  const all = (email: string) => [...fake.contacts.values()].filter((c) => !c.archived && c.properties.email === email);
  return {
    connector: 'hubspot',
    secret: { accessToken: 'hs-private-app' },
    url,
    add: (email, firstname, lastname) => void fake.seed({ email, firstname, lastname }),
    rename: (email, lastname) => fake.edit(all(email)[0]!.id, { lastname }),
    find: (email) => all(email).map((c) => ({ first: c.properties.firstname ?? undefined, last: c.properties.lastname ?? undefined })),
    stop: () => fake.server.stop(),
  };
}

async function pipedrive(): Promise<Vendor> {
  const fake = new PipedriveFake();
  const url = await fake.server.start();
  const all = (email: string) => [...fake.persons.values()].filter((p) => !p.is_deleted && p.emails.some((e) => e.value === email));
  return {
    connector: 'pipedrive',
    secret: { apiToken: 'pd-token' },
    url,
    add: (email, first, last) => void fake.seedPerson({ name: `${first} ${last}`, first_name: first, last_name: last, email }),
    rename: (email, last) => {
      const p = all(email)[0]!;
      fake.touch(p.id, { name: `${p.first_name} ${last}`, last_name: last });
    },
    find: (email) => all(email).map((p) => ({ first: p.first_name ?? undefined, last: p.last_name ?? undefined })),
    stop: () => fake.server.stop(),
  };
}

async function google(): Promise<Vendor> {
  const fake = new GooglePeopleFake();
  const url = await fake.server.start();
  const all = (email: string) => fake.live().filter((p) => p.emailAddresses?.some((e) => e.value === email));
  return {
    connector: 'google-contacts',
    secret: { accessToken: 'access-0', refreshToken: 'refresh-1', clientId: fake.client.id, clientSecret: fake.client.secret },
    url,
    add: (email, givenName, familyName) => void fake.seed({ names: [{ givenName, familyName }], emailAddresses: [{ value: email }] }),
    rename: (email, familyName) => {
      const p = all(email)[0]!;
      fake.edit(p.resourceName, { names: [{ ...p.names![0], familyName }] });
    },
    find: (email) => all(email).map((p) => ({ first: p.names?.[0]?.givenName ?? undefined, last: p.names?.[0]?.familyName ?? undefined })),
    stop: () => fake.server.stop(),
  };
}

const apps = { hubspot, pipedrive, google };

describe('HubSpot, Pipedrive and Google Contacts synced by a `sluice worker` process against their local fakes', () => {
  let cluster: Cluster;
  let worker: WorkerProcess;
  const vendors = new Map<string, Vendor>();
  const scopes = new Map<string, ConnectionScope>();

  beforeAll(async () => {
    cluster = await Cluster.start('vendors');
    for (const [name, start] of Object.entries(apps)) {
      const vendor = await start();
      vendors.set(name, vendor);
      vendor.add(`${name}-only@vendors.test`, 'Vera', 'Vendor');
      vendor.add(`${name}-both@vendors.test`, 'Bo', 'Both');
      writeFileSync(
        cluster.file(`${name}.jsonl`),
        [contactLine('f1', `${name}-file@vendors.test`, { firstName: 'Fay', lastName: 'File' }), contactLine('f2', `${name}-both@vendors.test`, { firstName: 'Bo', lastName: 'Both' })].join('\n') + '\n',
      );
      // As the wizard stores an API key (or an OAuth consent): checked, and bound to the app's address.
      const credential = await cluster.store.credentials.create(WORKSPACE, { app: vendor.connector, label: name, secret: { ...vendor.secret, apiBaseUrl: vendor.url }, status: 'ok', checkedAt: Date.now() });
      const settings = {
        format: 'sluice.connection/v1',
        name,
        apps: { a: { connector: vendor.connector, config: vendor.connector === 'hubspot' ? { searchLagMs: 0 } : {}, credentialId: credential.id }, b: { connector: 'jsonl', config: { path: `${name}.jsonl` } } },
        mode: 'two-way',
      } as unknown as ConnectionSettings; // the schema's defaults fill the rest when the worker loads it
      scopes.set(name, { workspaceId: WORKSPACE, connectionId: (await cluster.store.connections.create(WORKSPACE, { settings, status: 'active' })).id });
    }
    // Google's tokens are refreshed at the operator's token URL, here the fake's.
    worker = cluster.worker({ cli: true, name: 'sluice worker', env: { SLUICE_GOOGLE_TOKEN_URL: `${vendors.get('google')!.url}/token` } });
  });
  afterAll(async () => {
    await cluster?.close();
    for (const v of vendors.values()) await v.stop();
  });

  for (const name of Object.keys(apps)) {
    it(`${name}: matches the shared person, creates the others on each side, then carries a change made in the app to the file`, { timeout: 240_000 }, async () => {
      const vendor = vendors.get(name)!;
      const scope = scopes.get(name)!;
      const owner = await worker.owner();
      await eventually(
        async () => {
          const runs = await cluster.store.runs.list(scope, { limit: 10 });
          if (runs.some((r) => r.status === 'failed')) throw new Error(JSON.stringify(runs[0]?.errors));
          return runs.some((r) => r.kind === 'initial' && r.status === 'succeeded') ? true : undefined;
        },
        180_000,
        `${name}'s initial sync`,
      );
      expect((await cluster.store.leases.get(scope.workspaceId, scope.connectionId))?.owner).toBe(owner);
      expect(await cluster.store.links.count(scope)).toBe(3);
      const file = readContacts(cluster.file(`${name}.jsonl`));
      expect(file.map((c) => c.email).sort()).toEqual([`${name}-both@vendors.test`, `${name}-file@vendors.test`, `${name}-only@vendors.test`]);
      expect(file.find((c) => c.email === `${name}-only@vendors.test`)).toMatchObject({ firstName: 'Vera', lastName: 'Vendor' });
      expect(vendor.find(`${name}-file@vendors.test`)).toEqual([{ first: 'Fay', last: 'File' }]);
      expect(vendor.find(`${name}-both@vendors.test`)).toEqual([{ first: 'Bo', last: 'Both' }]);

      vendor.rename(`${name}-only@vendors.test`, 'Renamed');
      await eventually(
        async () => (readContacts(cluster.file(`${name}.jsonl`)).find((c) => c.email === `${name}-only@vendors.test`)?.lastName === 'Renamed' ? true : undefined),
        60_000,
        `${name}'s change in the file`,
      );
      expect(readContacts(cluster.file(`${name}.jsonl`))).toHaveLength(3);
      expect(worker.child.exitCode, worker.errors()).toBeNull();
    });
  }
});
