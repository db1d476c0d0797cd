import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { OperationalError, UserError } from '@sluice/core';

/** Resolves a host name to every address it has (injectable for tests). */
export type HostLookup = (hostname: string) => Promise<string[]>;

const defaultLookup: HostLookup = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

// Addresses no connector may reach on a user's say-so: loopback, private, link-local, shared (CGNAT),
// multicast, reserved, documentation and benchmarking ranges, and the cloud metadata service.
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215): its IPv4 sits where the operator chose; always local
  ['100::', 64],
  ['2001:2::', 48], // benchmarking
  ['2001:10::', 28], // ORCHID
  ['2001:20::', 28], // ORCHIDv2
  ['2001:db8::', 32],
  ['3fff::', 20], // documentation (RFC 9637)
  ['5f00::', 16], // segment routing (SRv6) SIDs
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Expands an IPv6 address (with `::` and an optional dotted IPv4 tail) to eight 16-bit groups. Pure. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4tail?.[1]) {
    const b = v4tail[1].split('.').map(Number);
    text = text.slice(0, -v4tail[1].length) + `${(((b[0] ?? 0) << 8) | (b[1] ?? 0)).toString(16)}:${(((b[2] ?? 0) << 8) | (b[3] ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16) || 0);
}

const dotted = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 addresses an IPv6 address carries, where a packet to it ends up at one of them:
 * IPv4-mapped (`::ffff:a.b.c.d`), IPv4-translated (`::ffff:0:a.b.c.d`), IPv4-compatible (`::a.b.c.d`),
 * well-known NAT64 (`64:ff9b::a.b.c.d`), 6to4 (`2002:AABB:CCDD::`, the IPv4 after the prefix) and
 * Teredo (`2001:0:SSSS:SSSS:…:CCCC:CCCC`: the server, and the client stored bit-inverted). Pure.
 */
function embeddedIpv4s(address: string): string[] {
  const g = ipv6Groups(address).map((x) => x & 0xffff);
  const at = (i: number) => g[i] ?? 0;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const mapped = zeros(0, 5) && at(5) === 0xffff;
  const translated = zeros(0, 4) && at(4) === 0xffff && at(5) === 0;
  const compatible = zeros(0, 6) && (at(6) !== 0 || at(7) > 1);
  const nat64 = at(0) === 0x64 && at(1) === 0xff9b && zeros(2, 6);
  if (mapped || translated || compatible || nat64) return [dotted(at(6), at(7))];
  if (at(0) === 0x2002) return [dotted(at(1), at(2))];
  if (at(0) === 0x2001 && at(1) === 0) return [dotted(at(2), at(3)), dotted(~at(6) & 0xffff, ~at(7) & 0xffff)];
  return [];
}

/**
 * True when `address` (an IP literal) is loopback, private, link-local or otherwise not a public
 * internet address — including IPv4 hidden in IPv6 (`::ffff:127.0.0.1`, `64:ff9b::a00:1`, 6to4
 * `2002:7f00:1::`, Teredo), judged by the IPv4 it leads to. Pure.
 */
export function isPrivateAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) return blocked.check(address, 'ipv4');
  if (kind === 6) {
    const v4s = embeddedIpv4s(address);
    if (v4s.length > 0) return v4s.some((v4) => blocked.check(v4, 'ipv4'));
    return blocked.check(address, 'ipv6');
  }
  return true; // not an IP at all: refuse rather than guess
}

/**
 * Refuses a URL a connector must not call on a user's behalf (SSRF guard): anything but http(s), and
 * any host that resolves to a loopback/private/link-local address, unless `allowPrivate` (the
 * operator's `SLUICE_ALLOW_PRIVATE_URLS`, passed down by the server) lets them through.
 * Every address the name resolves to is checked. Call it again for each redirect hop.
 * Throws `UserError('E_URL_NOT_ALLOWED')`, or `OperationalError('E_NETWORK')` when the name does not
 * resolve (the DNS error as its cause). The HTTP client goes further and connects only to the
 * addresses this check saw (`AddressPins`), so a second DNS answer cannot switch to a private one.
 * @example await assertPublicUrl('https://api.pipedrive.com/v1'); // resolves
 * @example await assertPublicUrl('http://169.254.169.254/latest/meta-data'); // throws
 */
export async function assertPublicUrl(
  url: string | URL,
  options: { allowPrivate?: boolean; lookup?: HostLookup } = {},
): Promise<void> {
  await checkPublicUrl(url, options);
}

/**
 * `assertPublicUrl` that also returns the checked addresses of the host (undefined when private URLs
 * are allowed and nothing was resolved). Numeric forms (`2130706433`, `0x7f.1`, `127.1`) arrive here
 * already normalised by the WHATWG URL parser to dotted quads, so they are checked as what they are.
 */
export async function checkPublicUrl(
  url: string | URL,
  options: { allowPrivate?: boolean; lookup?: HostLookup } = {},
): Promise<string[] | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UserError('E_URL_NOT_ALLOWED', `"${String(url)}" is not a valid URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new UserError('E_URL_NOT_ALLOWED', `${parsed.protocol} URLs are not allowed; use https.`);
  }
  if (options.allowPrivate === true) return undefined;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await (options.lookup ?? defaultLookup)(host);
    } catch (cause) {
      // A name that does not resolve is a network failure (DNS down, a typo, no internet), not a refusal.
      throw new OperationalError('E_NETWORK', `Could not reach ${host} (network): the address does not resolve (DNS).`, undefined, { cause });
    }
  }
  const bad = addresses.find(isPrivateAddress);
  if (bad !== undefined || addresses.length === 0) {
    throw new UserError(
      'E_URL_NOT_ALLOWED',
      `${host} resolves to ${bad ?? 'no address'}, a private or local address. Sluice only calls public ` +
        `addresses; set SLUICE_ALLOW_PRIVATE_URLS=1 to allow apps on your own network.`,
    );
  }
  return addresses;
}
