import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertPublicUrl, createHttpClient } from '@sluice/connectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, openSecurityEnv, type SecurityEnv } from './security.harness';

// SSRF: a connector base URL (or a redirect from a vendor) must never lead Sluice to loopback, the
// cloud metadata service or a private network. Every spelling of those addresses is tried.

/** Literal forms: the WHATWG URL parser turns decimal, hex, octal and short forms into dotted quads. */
const literalTargets = [
  'http://127.0.0.1/', 'http://127.1/', 'http://127.000.000.001/', 'http://0177.0.0.1/', 'http://0x7f.0.0.1/',
  'http://0x7f000001/', 'http://2130706433/', 'http://017700000001/', 'http://[::1]/', 'http://[0:0:0:0:0:0:0:1]/',
  'http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/', 'http://[::127.0.0.1]/', 'http://0.0.0.0/', 'http://0/', 'http://[::]/',
  'http://169.254.169.254/latest/meta-data/', 'http://2852039166/', 'http://0xa9fea9fe/', 'http://[::ffff:169.254.169.254]/',
  'http://[64:ff9b::a9fe:a9fe]/', 'http://[64:ff9b:1::a9fe:a9fe]/', 'http://[2002:a9fe:a9fe::]/', 'http://[2002:7f00:1::1]/',
  'http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', 'http://[::ffff:0:a9fe:a9fe]/', 'http://10.0.0.1/', 'http://10.255.255.254/', 'http://012.1.2.3/', 'http://172.16.0.1/',
  'http://172.31.255.254/', 'http://192.168.0.1/', 'http://192.168.255.254:8443/', 'http://100.64.0.1/',
  'http://[fc00::1]/', 'http://[fd12:3456:789a::1]/', 'http://[fdff:ffff::1]/', 'http://[fe80::1]/',
  'http://user:pass@127.0.0.1/', 'http://api.pipedrive.com@127.0.0.1/', 'https://127.0.0.1:443/',
  'file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', 'ftp://10.0.0.1/', 'javascript:alert(1)', 'http://',
];

/** DNS names whose answers are private (what a rebinding or hostile DNS server would return). */
const dns: Record<string, string[]> = {
  'metadata.attacker.test': ['169.254.169.254'],
  'internal.attacker.test': ['10.0.0.7'],
  'router.attacker.test': ['192.168.1.1'],
  'v6.attacker.test': ['fd00::5'],
  'mapped.attacker.test': ['::ffff:127.0.0.1'],
  'sixtofour.attacker.test': ['2002:a9fe:a9fe::1'],
  'teredo.attacker.test': ['2001:0:4136:e378:8000:63bf:f5fe:f5fe'],
  'mixed.attacker.test': ['93.184.216.34', '172.20.0.3'],
  'nothing.attacker.test': [],
};
const lookup = async (host: string) => {
  const answer = dns[host];
  if (!answer) throw new Error(`getaddrinfo ENOTFOUND ${host}`);
  return answer;
};

describe('the SSRF guard', () => {
  it.each(literalTargets)('refuses %s', async (url) => {
    await expect(assertPublicUrl(url, { allowPrivate: false, lookup })).rejects.toMatchObject({ name: 'UserError', code: 'E_URL_NOT_ALLOWED' });
  });

  it.each(Object.keys(dns))('refuses a name resolving to a private address: %s', async (host) => {
    await expect(assertPublicUrl(`https://${host}/v1`, { allowPrivate: false, lookup })).rejects.toMatchObject({
      code: 'E_URL_NOT_ALLOWED',
      message: expect.stringMatching(/private or local address|no address/),
    });
  });

  it('accepts a public address in every form', async () => {
    for (const url of ['https://93.184.216.34/', 'https://1572395042/', 'https://[2606:4700:4700::1111]/', 'https://[::ffff:8.8.8.8]/']) {
      await expect(assertPublicUrl(url, { allowPrivate: false, lookup })).resolves.toBeUndefined();
    }
  });
});

// A vendor that redirects: the "public" host is served locally and reached through a fetch that
// rewrites its name, so the guard sees a public address for it and judges only the redirect target.
describe('redirects', () => {
  let server: Server;
  let port: number;
  let location = '';
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(302, { location });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it.each([...literalTargets.filter((u) => u.startsWith('http://') && u !== 'http://'), ...Object.keys(dns).map((h) => `http://${h}/`)])('to %s are refused before they are followed', async (target) => {
    location = target;
    const before = hits.length;
    const http = createHttpClient({
      app: { id: 'vendor', name: 'Vendor' },
      baseUrl: `http://vendor.example:${port}/api`,
      allowPrivateUrls: false,
      budget: false,
      retry: { retries: 0 },
      lookup: async (host) => (host === 'vendor.example' ? ['93.184.216.34'] : lookup(host)),
      fetch: (input, init) => fetch(String(input).replace('vendor.example', '127.0.0.1'), init),
    });
    await expect(http.get('/people')).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
    expect(hits.length - before).toBe(1);
  });
});

describe('connector base URLs through the API', () => {
  let s: SecurityEnv;
  let cookie: string;
  beforeAll(async () => {
    s = await openSecurityEnv();
    cookie = await s.signUp('ssrf@example.com');
  });
  afterAll(async () => {
    await s?.close();
  });

  it.each(['http://127.1/', 'http://[::ffff:127.0.0.1]/', 'http://169.254.169.254/latest', 'http://0xa9fea9fe/', 'http://10.1.2.3/', 'http://[fc00::1]/', 'http://localhost:27017/', 'file:///etc/passwd'])(
    'connections.create refuses baseUrl %s with a clear 400 and stores nothing',
    async (baseUrl) => {
      const res = await s.call('connections.create', { name: 'ssrf', apps: { a: { connector: 'pipedrive', config: { baseUrl } }, b: { connector: 'sandbox-outreach', config: {} } } }, { cookie });
      expect(res.statusCode).toBe(400);
      expect(res.body).toMatch(/not allowed|private or local address/);
      expect(res.body).toContain('E_URL_NOT_ALLOWED');
      expect(dataOf<unknown[]>(await s.call('connections.list', undefined, { cookie, method: 'GET' }))).toEqual([]);
    },
  );
});
