import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { type HostLookup, checkPublicUrl } from './ssrf-guard';

/** How long a checked answer stays pinned before the name is resolved (and checked) again. */
const DEFAULT_PIN_MS = 5 * 60_000;

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Closes the DNS-rebinding gap of the SSRF guard. The guard resolves a name and checks every address;
 * a plain `fetch` would then resolve the name a second time, and a hostile DNS server can answer that
 * second query with 127.0.0.1. Here the checked addresses are pinned, and the sockets of `fetch` are
 * opened through a lookup that only ever answers from the pins, so Sluice connects to exactly the
 * addresses it checked. A name nobody checked is refused at connect time.
 *
 * Pins expire after `pinMs`; the next request then resolves and checks the name again, so a vendor
 * moving its API to new addresses is followed, and every address used is still a checked one.
 */
export class AddressPins {
  private readonly pins = new Map<string, { addresses: string[]; until: number }>();
  private agent: Agent | undefined;

  constructor(private readonly options: { pinMs?: number; now?: () => number } = {}) {}

  /**
   * Checks `url` like `assertPublicUrl` and pins the addresses its host resolved to. An IP literal
   * needs no pin (nothing to resolve). Throws `UserError('E_URL_NOT_ALLOWED')`.
   */
  async check(url: URL, lookup?: HostLookup): Promise<void> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const now = (this.options.now ?? Date.now)();
    const pinned = this.pins.get(host);
    if (pinned && pinned.until > now) return;
    const addresses = await checkPublicUrl(url, { allowPrivate: false, ...(lookup ? { lookup } : {}) });
    if (addresses !== undefined && !isIP(host)) this.pins.set(host, { addresses, until: now + (this.options.pinMs ?? DEFAULT_PIN_MS) });
  }

  /** The pinned addresses of `host`, or undefined when it was never checked. Expired pins still answer: they were checked. */
  addressesOf(host: string): string[] | undefined {
    return this.pins.get(host.toLowerCase())?.addresses;
  }

  /** A `dns.lookup`-shaped function answering only from the pins; what sockets connect through. */
  readonly lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const addresses = this.addressesOf(hostname);
    if (!addresses || addresses.length === 0) {
      const error: NodeJS.ErrnoException = new Error(`${hostname} was not checked by the SSRF guard; refusing to resolve it`);
      error.code = 'ENOTFOUND';
      callback(error, []);
      return;
    }
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => isIP(a) === options.family) : addresses;
    const list = (wanted.length > 0 ? wanted : addresses).map((address) => ({ address, family: isIP(address) }));
    if (options.all) callback(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  };

  /** `fetch` whose connections resolve names only through the pins (undici's fetch on a pinned Agent). */
  readonly fetch: typeof fetch = (input, init) => {
    this.agent ??= new Agent({ connect: { lookup: this.lookup } });
    // undici's fetch is the one Node bundles; its Request/Response types differ only nominally from the DOM ones.
    return undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: this.agent }) as unknown as Promise<Response>;
  };

  /** Test hook and escape hatch: pin `host` to `addresses` without a check. */
  pinUnchecked(host: string, addresses: string[]): void {
    this.pins.set(host.toLowerCase(), { addresses, until: Number.POSITIVE_INFINITY });
  }

  async close(): Promise<void> {
    await this.agent?.close();
    this.agent = undefined;
  }
}

/** The pins every HTTP client of this process shares (one DNS answer per host per pin period). */
export const sharedAddressPins = new AddressPins();
