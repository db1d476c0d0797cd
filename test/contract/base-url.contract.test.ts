import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from '@sluice/engine';
import { createGoogleContactsConnector } from '../../packages/connectors/src/google/google.connector';
import { createHubSpotConnector } from '../../packages/connectors/src/hubspot/hubspot.connector';
import { createIntercomConnector } from '../../packages/connectors/src/intercom/intercom.connector';
import { createMailchimpConnector } from '../../packages/connectors/src/mailchimp/mailchimp.connector';
import { createMicrosoftConnector } from '../../packages/connectors/src/microsoft/microsoft.connector';
import { createPipedriveConnector } from '../../packages/connectors/src/pipedrive/pipedrive.connector';
import { createWoodpeckerConnector } from '../../packages/connectors/src/woodpecker/woodpecker.connector';
import { FakeServer } from '../fakes/fake-server';

// The `baseUrl` setting keeps its path prefix (self-hosted proxies), and is subject to the SSRF guard:
// a private or local address is refused unless the operator allows private URLs.
const proxy = new FakeServer();
proxy.route('GET', '/proxy/pipedrive/persons', () => ({ status: 200, body: { success: true, data: [] } }));
proxy.route('GET', '/proxy/woodpecker/prospects', () => ({ status: 200, body: [] }));
proxy.route('GET', '/proxy/google/v1/people/me/connections', () => ({ status: 200, body: {} }));
proxy.route('GET', '/proxy/hubspot/crm/v3/objects/contacts', () => ({ status: 200, body: { results: [] } }));
proxy.route('GET', '/proxy/intercom/data_attributes', () => ({ status: 200, body: { type: 'list', data: [] } }));
proxy.route('GET', '/proxy/mailchimp/ping', () => ({ status: 200, body: { health_status: 'ok' } }));
proxy.route('GET', '/proxy/microsoft/me/contacts', () => ({ status: 200, body: { value: [] } }));

const apps: Record<string, (baseUrl: string, allowPrivateUrls: boolean) => Connector> = {
  pipedrive: (baseUrl, allowPrivateUrls) => createPipedriveConnector({ config: { baseUrl }, credential: { apiToken: 't' } }, { allowPrivateUrls }),
  woodpecker: (baseUrl, allowPrivateUrls) => createWoodpeckerConnector({ config: { baseUrl }, credential: { apiKey: 'k' } }, { allowPrivateUrls }),
  google: (baseUrl, allowPrivateUrls) => createGoogleContactsConnector({ config: { baseUrl }, credential: { accessToken: 'a' } }, { allowPrivateUrls }),
  hubspot: (baseUrl, allowPrivateUrls) => createHubSpotConnector({ config: { baseUrl }, credential: { accessToken: 'h' } }, { allowPrivateUrls }),
  intercom: (baseUrl, allowPrivateUrls) => createIntercomConnector({ config: { baseUrl }, credential: { accessToken: 't' } }, { allowPrivateUrls }),
  mailchimp: (baseUrl, allowPrivateUrls) => createMailchimpConnector({ config: { baseUrl }, credential: { apiKey: 'k-us6' } }, { allowPrivateUrls }),
  microsoft: (baseUrl, allowPrivateUrls) => createMicrosoftConnector({ config: { baseUrl }, credential: { accessToken: 'm' } }, { allowPrivateUrls }),
};

beforeAll(async () => {
  await proxy.start();
});
afterAll(async () => {
  await proxy.stop();
});

describe.each(Object.keys(apps))('%s baseUrl', (app) => {
  it('refuses a local address unless private URLs are allowed', async () => {
    const before = proxy.log.length;
    await expect(apps[app]!(`${proxy.url}/proxy/${app}`, false).checkAuth()).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
    await expect(apps[app]!('http://169.254.169.254/latest', false).checkAuth()).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
    expect(proxy.log.length).toBe(before);
  });

  it('keeps the path prefix of an allowed base URL', async () => {
    await apps[app]!(`${proxy.url}/proxy/${app}/`, true).checkAuth();
    expect(proxy.log.at(-1)!.url).toMatch(new RegExp(`^/proxy/${app}/`));
  });
});
