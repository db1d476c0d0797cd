import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressPins } from './address-pins';
import { createHttpClient } from './http-client';

// DNS rebinding: a name that answers a public address to the guard's lookup and 127.0.0.1 to the
// socket's. With pins the socket never asks DNS again, so only the checked address is reachable.
let server: Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.headers.host ?? ''}${req.url ?? ''}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** A lookup that answers a public address first, then the loopback address: a rebinding DNS server. */
function rebindingLookup() {
  const answers = [['93.184.216.34'], ['127.0.0.1']];
  let calls = 0;
  const lookup = async () => answers[Math.min(calls++, answers.length - 1)]!;
  return { lookup, calls: () => calls };
}

describe('AddressPins', () => {
  it('resolves a name once and answers every later lookup with the checked address', async () => {
    const pins = new AddressPins();
    const dns = rebindingLookup();
    await pins.check(new URL('https://rebind.example/a'), dns.lookup);
    await pins.check(new URL('https://rebind.example/b'), dns.lookup);
    expect(dns.calls()).toBe(1);
    const answer = await new Promise<unknown>((done) => pins.lookup('rebind.example', { all: true }, (_e, address) => done(address)));
    expect(answer).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it('checks a name again when its pin expires, and refuses the rebound private answer', async () => {
    let now = 0;
    const pins = new AddressPins({ pinMs: 1_000, now: () => now });
    const dns = rebindingLookup();
    await pins.check(new URL('https://rebind.example/'), dns.lookup);
    now = 5_000;
    await expect(pins.check(new URL('https://rebind.example/'), dns.lookup)).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED', message: expect.stringContaining('127.0.0.1') });
    // The refused answer never replaced the checked one.
    expect(pins.addressesOf('rebind.example')).toEqual(['93.184.216.34']);
  });

  it('refuses to connect to a name nobody checked, and connects to the pinned address otherwise', async () => {
    const pins = new AddressPins();
    try {
      await expect(pins.fetch(`http://never-checked.invalid:${port}/`)).rejects.toThrow();
      // Pinned by hand to the local server: the socket goes where the pin says, not where DNS would.
      pins.pinUnchecked('pinned.invalid', ['127.0.0.1']);
      const res = await pins.fetch(`http://pinned.invalid:${port}/x`);
      expect(res.status).toBe(200);
      expect(hits.at(-1)).toBe(`pinned.invalid:${port}/x`);
    } finally {
      await pins.close();
    }
  });

  it('is what the HTTP client connects through when the guard is on', async () => {
    const pins = new AddressPins();
    try {
      pins.pinUnchecked('api.pinned.invalid', ['127.0.0.1']);
      const http = createHttpClient({ app: { id: 't', name: 'Test' }, baseUrl: `http://api.pinned.invalid:${port}/v1`, allowPrivateUrls: false, pins, budget: false, retry: { retries: 0 } });
      expect(await http.get('/people')).toEqual({ ok: true });
      expect(hits.at(-1)).toBe(`api.pinned.invalid:${port}/v1/people`);
      // A name that resolves (now) to loopback is refused before any socket opens.
      const before = hits.length;
      const other = createHttpClient({ app: { id: 't', name: 'Test' }, baseUrl: `http://other.invalid:${port}`, allowPrivateUrls: false, pins, lookup: async () => ['127.0.0.1'], budget: false });
      await expect(other.get('/')).rejects.toMatchObject({ code: 'E_URL_NOT_ALLOWED' });
      expect(hits.length).toBe(before);
    } finally {
      await pins.close();
    }
  });
});
