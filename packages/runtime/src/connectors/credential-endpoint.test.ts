import { describe, expect, it } from 'vitest';
import { endpointSettings, secretWithEndpoint } from './credential-endpoint';

describe('endpointSettings', () => {
  const bound = { apiKey: 'k', apiBaseUrl: 'https://wp.example/rest/v1' };

  it.each([
    ['no address at all', {}, bound, {}],
    ["the credential's own address, spelled with a trailing slash and capitals", { baseUrl: 'https://WP.example/rest/v1/' }, bound, {}],
    ['an empty base URL', { baseUrl: '' }, { apiKey: 'k' }, {}],
    ['other settings, kept', { includeDeals: false, baseUrl: 'https://wp.example/rest/v1' }, bound, { includeDeals: false }],
  ])('accepts %s, leaving the address to the credential', (_what, config, secret, expected) => {
    expect(endpointSettings('Woodpecker', config, secret)).toEqual(expected);
  });

  it.each([
    ['another host for a bound key', { baseUrl: 'https://attacker.example/rest/v1' }, bound, 'was added for https://wp.example/rest/v1'],
    ['any host for a key bound to the app itself', { baseUrl: 'https://attacker.example' }, { apiKey: 'k' }, "was added for Woodpecker's own address"],
    ['the same host under another key name', { url: 'https://attacker.example' }, bound, 'to https://attacker.example'],
    ['apiBaseUrl in the connection', { apiBaseUrl: 'https://attacker.example' }, bound, 'to https://attacker.example'],
  ])('refuses %s', (_what, config, secret, words) => {
    expect(() => endpointSettings('Woodpecker', config, secret)).toThrow(expect.objectContaining({ code: 'E_CREDENTIAL_ENDPOINT', message: expect.stringContaining(words) }));
  });

  it("drops a connection's token URL and puts the app's (the operator's) in its place", () => {
    expect(endpointSettings('Google Contacts', { tokenUrl: 'https://attacker.example/token' }, { accessToken: 'a' })).toEqual({});
    expect(endpointSettings('Google Contacts', { tokenUrl: 'https://attacker.example/token' }, { accessToken: 'a', tokenUrl: 'https://old.example' }, 'https://proxy.example/token')).toEqual({
      tokenUrl: 'https://proxy.example/token',
    });
  });
});

describe('secretWithEndpoint', () => {
  it('binds the base URL given with a key to it', () => {
    expect(secretWithEndpoint({ apiKey: 'k' }, { baseUrl: ' https://wp.example/rest/v1 ' })).toEqual({ apiKey: 'k', apiBaseUrl: 'https://wp.example/rest/v1' });
    expect(secretWithEndpoint({ apiKey: 'k' }, {})).toEqual({ apiKey: 'k' });
  });

  it.each(['tokenUrl', 'apiBaseUrl', 'apiDomain'])('refuses a secret that names its own %s', (field) => {
    expect(() => secretWithEndpoint({ apiKey: 'k', [field]: 'https://attacker.example' }, {})).toThrow(expect.objectContaining({ code: 'E_SECRET_FIELD' }));
  });
});
