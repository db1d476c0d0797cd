import { describe, expect, it } from 'vitest';
import { assertPublicUrl, isPrivateAddress } from './ssrf-guard';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1', '127.255.0.9', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254',
    '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255',
    '::1', '::', 'fe80::1', 'fd00::1', 'fc12:3456::1', 'ff02::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::127.0.0.1', '64:ff9b::a9fe:a9fe',
  ])('refuses %s', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2a00:1450:4001:80b::200e'])(
    'allows %s',
    (ip) => {
      expect(isPrivateAddress(ip)).toBe(false);
    },
  );
});

// IPv6 forms that carry an IPv4 address (issue 18, finding 16): judged by the IPv4 they lead to.
describe('isPrivateAddress on IPv6 that embeds IPv4', () => {
  it.each([
    // [address, what it carries, private?]
    ['2002:7f00:1::', '6to4 of 127.0.0.1', true],
    ['2002:a9fe:a9fe::1', '6to4 of 169.254.169.254', true],
    ['2002:0a00:0001:1234::5', '6to4 of 10.0.0.1, any interface id', true],
    ['2002:c0a8:0101::', '6to4 of 192.168.1.1', true],
    ['2002:808:808::1', '6to4 of 8.8.8.8', false],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo, client 127.0.0.1 (inverted), public server 65.54.227.120', true],
    ['2001:0:4136:e378:8000:63bf:f5fe:f5fe', 'Teredo, client 10.1.10.1', true],
    ['2001:0:a00:1:8000:63bf:f7f7:f7f7', 'Teredo, server 10.0.0.1, public client 8.8.8.8', true],
    ['2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'Teredo, server 65.54.227.120 and client 8.8.8.8, both public', false],
    ['64:ff9b::7f00:1', 'NAT64 of 127.0.0.1', true],
    ['64:ff9b::10.0.0.1', 'NAT64 of 10.0.0.1, dotted', true],
    ['64:ff9b::808:808', 'NAT64 of 8.8.8.8', false],
    ['64:ff9b:1::808:808', 'local-use NAT64 (RFC 8215), whatever it carries', true],
    ['64:ff9b:1:ffff::1', 'local-use NAT64, anywhere in the /48', true],
    ['::ffff:0:7f00:1', 'IPv4-translated 127.0.0.1', true],
    ['::ffff:0:808:808', 'IPv4-translated 8.8.8.8', false],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped 169.254.169.254', true],
    ['::a00:1', 'IPv4-compatible 10.0.0.1', true],
    ['2001:2::1', 'benchmarking', true],
    ['2001:10::1', 'ORCHID', true],
    ['2001:20::1', 'ORCHIDv2', true],
    ['3fff::1', 'documentation (RFC 9637)', true],
    ['5f00::1', 'SRv6 SIDs', true],
    ['2001:4860:4860::8888', 'a public 2001:: address that is not Teredo', false],
  ] as const)('%s (%s): private = %s', (address, _what, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });

  it('refuses URLs naming those forms, and names that resolve to them', async () => {
    for (const url of ['http://[2002:7f00:1::]/', 'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', 'http://[64:ff9b:1::a00:1]/']) {
      await expect(assertPublicUrl(url, { allowPrivate: false })).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
    }
    await expect(assertPublicUrl('https://six.example/', { allowPrivate: false, lookup: async () => ['2002:a9fe:a9fe::'] })).rejects.toMatchObject({
      code: 'E_URL_NOT_ALLOWED',
      message: expect.stringContaining('2002:a9fe:a9fe::'),
    });
  });
});

describe('assertPublicUrl', () => {
  const lookup = (map: Record<string, string[]>) => async (host: string) => map[host] ?? [];

  it('accepts a public host and refuses one that resolves to any private address', async () => {
    await expect(assertPublicUrl('https://api.example.com/v1', { allowPrivate: false, lookup: lookup({ 'api.example.com': ['93.184.216.34'] }) })).resolves.toBeUndefined();
    await expect(
      assertPublicUrl('https://sneaky.example.com', { allowPrivate: false, lookup: lookup({ 'sneaky.example.com': ['93.184.216.34', '10.0.0.5'] }) }),
    ).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
  });

  it('refuses IP literals, bracketed IPv6 and numeric tricks without a lookup', async () => {
    for (const url of ['http://127.0.0.1:3000', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://0x7f000001/', 'http://2130706433/', 'http://169.254.169.254/latest']) {
      await expect(assertPublicUrl(url, { allowPrivate: false })).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
    }
  });

  it('resolves real names: localhost is loopback', async () => {
    await expect(assertPublicUrl('http://localhost:8080', { allowPrivate: false })).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
  });

  it('refuses other schemes even when private URLs are allowed', async () => {
    await expect(assertPublicUrl('file:///etc/passwd', { allowPrivate: true })).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
    await expect(assertPublicUrl('not a url', { allowPrivate: true })).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
  });

  it('lets private URLs through only when told to (allowPrivate), never by default', async () => {
    await expect(assertPublicUrl('http://127.0.0.1')).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
    await expect(assertPublicUrl('http://127.0.0.1', { allowPrivate: true })).resolves.toBeUndefined();
  });
});
