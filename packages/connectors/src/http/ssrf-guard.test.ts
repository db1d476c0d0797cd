import { describe, expect, it } from 'vitest';
import { assertPublicUrl, isPrivateAddress, privateUrlsAllowed } from './ssrf-guard';

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

  it('lets private URLs through only with SLUICE_ALLOW_PRIVATE_URLS=1', async () => {
    expect(privateUrlsAllowed({ SLUICE_ALLOW_PRIVATE_URLS: '1' })).toBe(true);
    expect(privateUrlsAllowed({ SLUICE_ALLOW_PRIVATE_URLS: 'yes' })).toBe(false);
    expect(privateUrlsAllowed({})).toBe(false);
    await expect(assertPublicUrl('http://127.0.0.1', { allowPrivate: true })).resolves.toBeUndefined();
  });
});
