import { FakeClock } from './fake-clock';
import { FakeServer, type FakeRequest, type FakeResponse } from './fake-server';

/** A prospect as Woodpecker's API v1 returns it (string fields; `tags` like "#VIP #New"). */
export interface WpProspect {
  id: number;
  email: string;
  first_name?: string;
  last_name?: string;
  company?: string;
  industry?: string;
  website?: string;
  linkedin_url?: string;
  tags?: string;
  title?: string;
  phone?: string;
  address?: string;
  city?: string;
  state?: string;
  country?: string;
  status: 'ACTIVE' | 'BLACKLIST' | 'BOUNCED' | 'INVALID' | 'REPLIED';
  updated: string;
  [snippet: `snippet${number}`]: string | undefined;
}

const TEXT_FIELDS = ['email', 'first_name', 'last_name', 'company', 'industry', 'website', 'linkedin_url', 'tags', 'title', 'phone', 'address', 'city', 'state', 'country'];
export const WP_MAX_PER_PAGE = 500;
export const WP_MAX_BATCH = 100;

/**
 * A stateful fake of Woodpecker's REST API v1 (prospects list/search/delete, add_prospects_list) as
 * its description has it: HTTP Basic with the API key as user name, `page`/`per_page` paging with
 * `sort` (e.g. `-updated`), `search=field=value`, a list answer (empty list when nothing matches),
 * upserts by email or id with `update: "true"`, at most 100 prospects per call, 429 when the key
 * sends too many requests at once.
 */
export class WoodpeckerFake {
  readonly server = new FakeServer();
  readonly clock = new FakeClock();
  readonly prospects = new Map<number, WpProspect>();
  readonly apiKeys = new Set(['wp-key']);
  private nextId = 100;

  constructor() {
    const s = this.server;
    s.route('GET', '/prospects', (r) => this.guard(r, () => this.list(r)));
    s.route('DELETE', '/prospects', (r) => this.guard(r, () => this.remove(r)));
    s.route('POST', '/add_prospects_list', (r) => this.guard(r, () => this.add(r)));
  }

  reset(): void {
    this.prospects.clear();
    this.server.clear();
  }

  /** Woodpecker prints times with a numeric offset, e.g. 2025-01-01T00:00:01+0000. */
  private stamp(): string {
    return this.clock.tick().replace('Z', '+0000');
  }

  seed(p: Partial<WpProspect> & { email: string }): WpProspect {
    const prospect: WpProspect = { status: 'ACTIVE', ...p, id: this.nextId++, updated: this.stamp() };
    this.prospects.set(prospect.id, prospect);
    return prospect;
  }
  edit(id: number, patch: Partial<WpProspect>): void {
    Object.assign(this.prospects.get(id)!, patch, { updated: this.stamp() });
  }

  private guard(r: FakeRequest, next: () => FakeResponse): FakeResponse {
    const basic = /^Basic (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
    const user = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : undefined;
    if (!user || !this.apiKeys.has(user)) return { status: 401, body: { status: { status: 'ERROR', code: 'E_UNAUTHORIZED', msg: 'Invalid API key' } } };
    return next();
  }

  private list(r: FakeRequest): FakeResponse {
    const perPage = Number(r.query.get('per_page') ?? 100);
    const page = Number(r.query.get('page') ?? 1);
    if (!(perPage >= 1 && perPage <= WP_MAX_PER_PAGE) || !(page >= 1)) {
      return { status: 400, body: { status: { status: 'ERROR', code: 'E_INVALID_PARAMS', msg: `per_page must be 1-${WP_MAX_PER_PAGE}` } } };
    }
    let rows = [...this.prospects.values()];
    const search = r.query.get('search');
    if (search) {
      const [field, value] = search.split('=') as [string, string | undefined];
      rows = rows.filter((p) => String((p as unknown as Record<string, unknown>)[field] ?? '').toLowerCase() === (value ?? '').toLowerCase());
    }
    const status = r.query.get('status');
    if (status) rows = rows.filter((p) => p.status === status);
    const sort = r.query.get('sort') ?? '+id';
    const dir = sort.startsWith('-') ? -1 : 1;
    const key = sort.slice(1) as keyof WpProspect;
    rows.sort((a, b) => (String(a[key] ?? '').localeCompare(String(b[key] ?? ''), 'en', { numeric: true }) || a.id - b.id) * dir);
    return { status: 200, body: rows.slice((page - 1) * perPage, page * perPage) };
  }

  private remove(r: FakeRequest): FakeResponse {
    const id = Number(r.query.get('id'));
    if (!this.prospects.delete(id)) return { status: 404, body: 'Prospect not found' };
    return { status: 200, body: 'OK' };
  }

  private add(r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as { update?: string; prospects?: Record<string, unknown>[] };
    const list = b.prospects ?? [];
    if (list.length === 0 || list.length > WP_MAX_BATCH) {
      return { status: 400, body: { status: { status: 'ERROR', code: 'E_INVALID_PARAMS', msg: `prospects must hold 1-${WP_MAX_BATCH} entries` } } };
    }
    const out = list.map((input) => {
      const email = typeof input.email === 'string' ? input.email.trim() : '';
      const byId = input.id ? this.prospects.get(Number(input.id)) : undefined;
      const byEmail = email ? [...this.prospects.values()].find((p) => p.email.toLowerCase() === email.toLowerCase()) : undefined;
      const target = byId ?? byEmail;
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(input)) if ((TEXT_FIELDS.includes(k) || /^snippet\d+$/.test(k)) && typeof v === 'string') fields[k] = v;
      if (target) {
        if (b.update !== 'true') return { email: target.email, id: target.id, status: 'DUPLICATE' };
        this.edit(target.id, fields);
        return { email: target.email, id: target.id, status: 'OK' };
      }
      if (!email || !email.includes('@')) return { email, status: 'ERROR', msg: 'A valid email is required' };
      const p = this.seed({ ...fields, email });
      return { email: p.email, id: p.id, status: 'OK' };
    });
    return { status: 200, body: { prospects: out, status: { status: 'OK', code: 'OK', msg: `${out.length} prospects processed` } } };
  }
}
