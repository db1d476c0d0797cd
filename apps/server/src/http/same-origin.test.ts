import { describe, expect, it } from 'vitest';
import { isSameOriginWrite } from './same-origin';

describe('isSameOriginWrite', () => {
  const post = { method: 'POST', host: 'sluice.example.com', protocol: 'https' };

  it.each([
    // [what, headers, may write?]
    ['a safe method, whatever it says', { method: 'GET', host: 'x', origin: 'https://evil.example' }, true],
    ['our own origin', { ...post, origin: 'https://sluice.example.com' }, true],
    ['our host spelled in capitals', { ...post, host: 'Sluice.Example.com', origin: 'https://sluice.example.com' }, true],
    ['our host over the other scheme', { ...post, origin: 'http://sluice.example.com' }, false],
    ['another host', { ...post, origin: 'https://evil.example' }, false],
    ['an opaque origin', { ...post, origin: 'null' }, false],
    ['Sec-Fetch-Site cross-site', { ...post, secFetchSite: 'cross-site' }, false],
    ['Sec-Fetch-Site same-site (a sibling subdomain)', { ...post, secFetchSite: 'same-site' }, false],
    ['a script with neither header', { ...post }, true],
    ['the public URL behind a proxy that reports neither host nor scheme', { method: 'POST', host: '10.0.0.5:3000', protocol: 'http', origin: 'https://sluice.example.com', publicOrigin: 'https://sluice.example.com' }, true],
    ['the public URL over http when it is https', { method: 'POST', host: '10.0.0.5:3000', protocol: 'http', origin: 'http://sluice.example.com', publicOrigin: 'https://sluice.example.com' }, false],
  ])('%s: %s', (_what, headers, expected) => {
    expect(isSameOriginWrite(headers)).toBe(expected);
  });
});
