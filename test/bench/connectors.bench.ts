// Reads and writes a few thousand contacts through each API connector against its vendor fake (behind
// Prism where a description exists) and prints records per second and requests per record.
// Time spent waiting for rate-limit budgets is simulated (virtual clock), so the numbers measure the
// connectors, the fakes and Prism, not the vendors' quotas. Run: pnpm bench:connectors [count] [app]
// (app: one of pipedrive, woodpecker, google-contacts, hubspot, mailchimp, microsoft-365, intercom; all when left out).
import type { ChangePage, Connector } from '@sluice/engine';
import { createVirtualClock } from '../../packages/connectors/src/http/clock';
import { createGoogleContactsConnector } from '../../packages/connectors/src/google/google.connector';
import { createHubSpotConnector } from '../../packages/connectors/src/hubspot/hubspot.connector';
import { createIntercomConnector } from '../../packages/connectors/src/intercom/intercom.connector';
import { createMailchimpConnector } from '../../packages/connectors/src/mailchimp/mailchimp.connector';
import { createMicrosoftConnector } from '../../packages/connectors/src/microsoft/microsoft.connector';
import { createPipedriveConnector } from '../../packages/connectors/src/pipedrive/pipedrive.connector';
import { createWoodpeckerConnector } from '../../packages/connectors/src/woodpecker/woodpecker.connector';
import { GooglePeopleFake } from '../fakes/google-people.fake';
import { HubSpotFake } from '../fakes/hubspot.fake';
import { IntercomFake } from '../fakes/intercom.fake';
import { MailchimpFake } from '../fakes/mailchimp.fake';
import { MicrosoftGraphFake } from '../fakes/microsoft-graph.fake';
import { PipedriveFake } from '../fakes/pipedrive.fake';
import { WoodpeckerFake } from '../fakes/woodpecker.fake';
import { PrismHarness, specsDir } from '../fakes/prism.harness';
import type { FakeServer } from '../fakes/fake-server';

const count = Number(process.argv[2] ?? 3000);
const only = process.argv[3];
const runs = (app: string) => !only || only === app;
const clock = createVirtualClock();
// The fakes listen on loopback, which connectors call only when private URLs are allowed.
const local = { allowPrivateUrls: true, clock };

async function drain(pages: AsyncIterable<ChangePage>): Promise<number> {
  let n = 0;
  for await (const p of pages) n += p.records.length;
  return n;
}

async function measure(name: string, server: FakeServer, connector: Connector, pageSize: number, prism?: PrismHarness) {
  server.log.length = 0;
  let t = performance.now();
  const read = await drain(connector.changes(null, { pageSize }));
  const readMs = performance.now() - t;
  const readRequests = server.log.length;
  server.log.length = 0;
  const batch = connector.app.batchLimit;
  t = performance.now();
  let written = 0;
  for (let i = 0; i < 400; i += batch) {
    const writes = Array.from({ length: Math.min(batch, 400 - i) }, (_, k) => ({ ref: `r${i + k}`, fields: { email: `bench${i + k}@x.io`, firstName: 'Bench', lastName: `N${i + k}` } }));
    written += (await connector.upsertBatch(writes, `bench-${i}`)).filter((r) => r.ok).length;
  }
  const writeMs = performance.now() - t;
  console.log(
    `${name.padEnd(16)} read ${read} in ${(readMs / 1000).toFixed(1)} s (${Math.round(read / (readMs / 1000))}/s, ${readRequests} requests)` +
      ` · wrote ${written} in ${(writeMs / 1000).toFixed(1)} s (${Math.round(written / (writeMs / 1000))}/s, ${server.log.length} requests)` +
      (prism ? ` · Prism violations: ${prism.violations.length}` : ''),
  );
}

if (runs('pipedrive')) {
  const pd = new PipedriveFake();
  await pd.server.start();
  for (let i = 0; i < count; i++) pd.seedPerson({ name: `P ${i}`, email: `p${i}@x.io` });
  const pdPrism = new PrismHarness(`${specsDir}/pipedrive/openapi-v2.persons-deals.yaml`, pd.server.url);
  await pdPrism.start();
  await measure('pipedrive', pd.server, createPipedriveConnector({ config: { baseUrl: pdPrism.url, includeDeals: false }, credential: { apiToken: 'pd-token' } }, local), 500, pdPrism);
  await pdPrism.stop();
  await pd.server.stop();
}

if (runs('woodpecker')) {
  const wp = new WoodpeckerFake();
  await wp.server.start();
  for (let i = 0; i < count; i++) wp.seed({ email: `p${i}@x.io` });
  const wpPrism = new PrismHarness(`${specsDir}/woodpecker/woodpecker-v1.powerplatform.swagger.json`, wp.server.url);
  await wpPrism.start();
  await measure('woodpecker', wp.server, createWoodpeckerConnector({ config: { baseUrl: wpPrism.url }, credential: { apiKey: 'wp-key' } }, local), 500, wpPrism);
  await wpPrism.stop();
  await wp.server.stop();
}

if (runs('google-contacts')) {
  const g = new GooglePeopleFake();
  await g.server.start();
  for (let i = 0; i < count; i++) g.seed({ names: [{ givenName: `P${i}` }], emailAddresses: [{ value: `p${i}@x.io` }] });
  const gPrism = new PrismHarness(`${specsDir}/google/people-v1.prism.json`, g.server.url);
  await gPrism.start();
  await measure(
    'google-contacts',
    g.server,
    createGoogleContactsConnector({ config: { baseUrl: gPrism.url, tokenUrl: `${g.server.url}/token` }, credential: { accessToken: 'access-0', refreshToken: 'refresh-1' } }, local),
    1000,
    gPrism,
  );
  await gPrism.stop();
  await g.server.stop();
}

if (runs('hubspot')) {
  const hs = new HubSpotFake();
  await hs.server.start();
  const big = Math.max(count, 10_500);
  for (let i = 0; i < big; i++) hs.seed({ email: `p${i}@x.io` }, i < 10_100 ? '2025-06-01T00:00:00.000Z' : undefined);
  await measure('hubspot (10k+)', hs.server, createHubSpotConnector({ config: { baseUrl: hs.server.url, searchLagMs: 0, includeDeals: false }, credential: { accessToken: 'hs-private-app' } }, local), 200);
  console.log(`hubspot shape violations: ${hs.violations.length}`);
  await hs.server.stop();
}

if (runs('mailchimp')) {
  const mc = new MailchimpFake();
  await mc.server.start();
  const list = mc.addList('Bench');
  for (let i = 0; i < count; i++) mc.seed(list, { email: `p${i}@x.io`, merge: { FNAME: `P${i}` } });
  const mcPrism = new PrismHarness(`${specsDir}/mailchimp/marketing-v3.lists-members-batches.openapi.json`, mc.server.url);
  await mcPrism.start();
  await measure('mailchimp', mc.server, createMailchimpConnector({ config: { baseUrl: mcPrism.url, listId: list }, credential: { apiKey: 'mc-key-us6' } }, local), 1000, mcPrism);
  await mcPrism.stop();
  await mc.server.stop();
}

if (runs('microsoft-365')) {
  const ms = new MicrosoftGraphFake();
  await ms.server.start();
  for (let i = 0; i < count; i++) ms.seed({ givenName: `P${i}`, emailAddresses: [{ address: `p${i}@x.io`, name: `p${i}@x.io` }] });
  const msPrism = new PrismHarness(`${specsDir}/microsoft-graph/graph-v1.0.contacts-subscriptions.openapi.yaml`, ms.server.url);
  await msPrism.start();
  ms.publicUrl = msPrism.url;
  const credential = { accessToken: 'ms-access-0', refreshToken: 'ms-refresh-0', clientId: ms.client.id, clientSecret: ms.client.secret };
  await measure('microsoft-365', ms.server, createMicrosoftConnector({ config: { baseUrl: msPrism.url, tokenUrl: `${ms.server.url}/common/oauth2/v2.0/token` }, credential }, local), 1000, msPrism);
  await msPrism.stop();
  await ms.server.stop();
}

if (runs('intercom')) {
  const ic = new IntercomFake();
  await ic.server.start();
  // Each contact with a tag and one of 20 companies: the connector reads their names once, not per contact.
  for (let i = 0; i < count; i++) ic.seed({ email: `p${i}@x.io`, name: `P ${i}`, tags: ['Bench'], companies: [`Company ${i % 20}`] });
  const icPrism = new PrismHarness(`${specsDir}/intercom/intercom-2.16.contacts-companies-tags.openapi.yaml`, ic.server.url);
  await icPrism.start();
  await measure('intercom', ic.server, createIntercomConnector({ config: { baseUrl: icPrism.url }, credential: { accessToken: 'ic-token' } }, local), 150, icPrism);
  await icPrism.stop();
  await ic.server.stop();
}
