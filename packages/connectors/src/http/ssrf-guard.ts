import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { UserError } from '@sluice/graph';

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
  ['100::', 64],
  ['2001:db8::', 32],
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

/** The IPv4 address embedded in an IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible or NAT64 IPv6 address. Pure. */
function embeddedIpv4(address: string): string | undefined {
  const g = ipv6Groups(address);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const mapped = zeros(0, 5) && g[5] === 0xffff;
  const compatible = zeros(0, 6) && ((g[6] ?? 0) !== 0 || (g[7] ?? 0) > 1);
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6);
  if (!mapped && !compatible && !nat64) return undefined;
  const hi = g[6] ?? 0;
  const lo = g[7] ?? 0;
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/**
 * True when `address` (an IP literal) is loopback, private, link-local or otherwise not a public
 * internet address — including IPv4 hidden in IPv6 (`::ffff:127.0.0.1`, `64:ff9b::a00:1`). Pure.
 */
export function isPrivateAddress(address: string): boolean {
  const kind = isIP(address);
  if (kind === 4) return blocked.check(address, 'ipv4');
  if (kind === 6) {
    const v4 = embeddedIpv4(address);
    if (v4 !== undefined) return blocked.check(v4, 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true; // not an IP at all: refuse rather than guess
}

/** True when `SLUICE_ALLOW_PRIVATE_URLS=1` (self-hosters reaching an app on their own network, and tests). */
export function privateUrlsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SLUICE_ALLOW_PRIVATE_URLS === '1';
}

/**
 * Refuses a URL a connector must not call on a user's behalf (SSRF guard): anything but http(s), and
 * any host that resolves to a loopback/private/link-local address, unless private URLs are allowed.
 * Every address the name resolves to is checked. Call it again for each redirect hop.
 * Throws `UserError('E_URL_NOT_ALLOWED')`. The HTTP client goes further and connects only to the
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
  if (options.allowPrivate ?? privateUrlsAllowed()) return undefined;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = await (options.lookup ?? defaultLookup)(host);
    } catch (cause) {
      throw new UserError('E_URL_NOT_ALLOWED', `Cannot resolve ${host}: ${(cause as Error).message}`);
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
