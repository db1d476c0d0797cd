import { randomBytes, randomUUID } from 'node:crypto';
import { FakeClock } from './fake-clock';
import { FakeServer, type FakeRequest, type FakeResponse } from './fake-server';

/** A contact as this fake keeps it (what Intercom API 2.16 documents, less the device fields). */
export interface IcStored {
  id: string;
  role: 'user' | 'lead';
  email: string | null;
  phone: string | null;
  name: string | null;
  external_id: string | null;
  unsubscribed_from_emails: boolean;
  created_at: number;
  updated_at: number;
  custom_attributes: Record<string, unknown>;
  tagIds: string[];
  companyIds: string[];
  archived: boolean;
}

export interface IcAttribute {
  name: string;
  label: string;
  data_type: 'string' | 'integer' | 'float' | 'boolean' | 'date';
  options?: string[];
  api_writable: boolean;
}

/** Intercom's search cap per page, and the default. */
export const IC_MAX_PER_PAGE = 150;
const HOST = 'https://api.intercom.io';
const DAY = 86_400;

const hexId = () => randomBytes(12).toString('hex');

/** Intercom's error body. */
function errors(status: number, code: string, message: string): FakeResponse {
  return { status, body: { type: 'error.list', request_id: randomUUID(), errors: [{ code, message }] } };
}

type Filter = { field?: string; operator?: string; value?: unknown };

/**
 * A stateful fake of Intercom API 2.16 for contacts, their tags and companies, tags, companies and
 * data attributes, as documented: Bearer tokens; `X-RateLimit-*` headers on every answer; search with
 * nested AND/OR filters where times match by whole day in the workspace's time zone (`>` from the next
 * midnight, `<` before that day), sorted, cursor-paged by `starting_after` (`per_page` ≤ 150); tags and
 * companies on a contact as ids only (ten at most, `has_more` beyond); archived contacts gone from
 * reads and search. Mount behind Prism.
 */
export class IntercomFake {
  readonly server = new FakeServer();
  readonly clock = new FakeClock();
  readonly tokens = new Set(['ic-token']);
  readonly contacts = new Map<string, IcStored>();
  readonly tags = new Map<string, string>();
  readonly companies = new Map<string, { id: string; company_id: string; name: string; created_at: number }>();
  readonly attributes: IcAttribute[] = [];
  /** The workspace's time zone, as hours from UTC: search days start at its midnight. */
  tzOffsetHours = -8;
  /** What the rate-limit headers report as left in the current window. */
  rateRemaining = 1000;
  private nextTag = 100;

  constructor() {
    const s = this.server;
    const g = (method: string, path: string, fn: (r: FakeRequest) => FakeResponse) => s.route(method, path, (r) => this.guard(r, () => fn(r)));
    g('GET', '/data_attributes', (r) => this.listAttributes(r));
    g('POST', '/contacts/search', (r) => this.search(r));
    g('POST', '/contacts', (r) => this.create(r));
    g('GET', '/contacts/:id', (r) => this.withContact(r, (c) => ({ status: 200, body: this.body(c) })));
    g('PUT', '/contacts/:id', (r) => this.withContact(r, (c) => this.update(c, r)));
    g('POST', '/contacts/:id/archive', (r) => this.withContact(r, (c) => (this.archive(c.id), { status: 200, body: { type: 'contact', id: c.id, external_id: c.external_id, archived: true } })));
    g('GET', '/contacts/:id/tags', (r) => this.withContact(r, (c) => ({ status: 200, body: { type: 'list', data: c.tagIds.map((t) => this.tagBody(t)) } })));
    g('POST', '/contacts/:id/tags', (r) => this.withContact(r, (c) => this.tag(c, r)));
    g('DELETE', '/contacts/:id/tags/:tag', (r) => this.withContact(r, (c) => this.untag(c, r.params.tag!)));
    g('POST', '/contacts/:id/companies', (r) => this.withContact(r, (c) => this.attach(c, r)));
    g('DELETE', '/contacts/:id/companies/:company', (r) => this.withContact(r, (c) => this.detach(c, r.params.company!)));
    g('GET', '/tags', () => ({ status: 200, body: { type: 'list', data: [...this.tags.keys()].map((t) => this.tagBody(t)) } }));
    g('POST', '/tags', (r) => this.createTag(r));
    g('GET', '/companies', (r) => this.findCompany(r));
    g('POST', '/companies', (r) => this.upsertCompany(r));
    g('GET', '/companies/:id', (r) => {
      const c = this.companies.get(r.params.id!);
      return c ? { status: 200, body: this.companyBody(c.id) } : errors(404, 'company_not_found', 'Company Not Found');
    });
  }

  /** Empties the workspace: no contacts, tags, companies or custom attributes; the default token. */
  reset(): void {
    for (const m of [this.contacts, this.tags, this.companies]) m.clear();
    this.attributes.length = 0;
    this.server.clear();
    this.tokens.clear();
    this.tokens.add('ic-token');
    this.tzOffsetHours = -8;
    this.rateRemaining = 1000;
  }

  /** Adds a contact as the Intercom Messenger or a teammate would (one second after the last change). */
  seed(c: { email?: string; name?: string; phone?: string; role?: 'user' | 'lead'; tags?: string[]; companies?: string[]; custom?: Record<string, unknown>; unsubscribed?: boolean }): IcStored {
    const now = this.tick();
    const stored: IcStored = {
      id: hexId(),
      role: c.role ?? 'user',
      email: c.email ?? null,
      phone: c.phone ?? null,
      name: c.name ?? null,
      external_id: null,
      unsubscribed_from_emails: c.unsubscribed ?? false,
      created_at: now,
      updated_at: now,
      custom_attributes: { ...c.custom },
      tagIds: (c.tags ?? []).map((t) => this.tagNamed(t)),
      companyIds: (c.companies ?? []).map((n) => this.companyNamed(n)),
      archived: false,
    };
    this.contacts.set(stored.id, stored);
    return stored;
  }

  /** Changes a contact as an Intercom user would; `seconds` moves the clock first (0: the same second). */
  touch(id: string, patch: Partial<Pick<IcStored, 'name' | 'email' | 'phone' | 'unsubscribed_from_emails'>>, seconds = 1): IcStored {
    const c = this.contacts.get(id)!;
    Object.assign(c, patch);
    c.updated_at = this.tick(seconds);
    return c;
  }

  /** Archives a contact as a teammate would: it leaves lists and search. */
  archive(id: string): void {
    const c = this.contacts.get(id)!;
    c.archived = true;
    c.updated_at = this.tick();
  }

  addAttribute(a: Omit<IcAttribute, 'api_writable'> & { api_writable?: boolean }): void {
    this.attributes.push({ api_writable: true, ...a });
  }

  /** Live contacts (not archived) by email, case ignored. */
  byEmail(email: string): IcStored[] {
    return [...this.contacts.values()].filter((c) => !c.archived && c.email?.toLowerCase() === email.toLowerCase());
  }

  tagNamesOf(c: IcStored): string[] {
    return c.tagIds.map((t) => this.tags.get(t)!);
  }

  companyNamesOf(c: IcStored): string[] {
    return c.companyIds.map((id) => this.companies.get(id)!.name);
  }

  tagNamed(name: string): string {
    const found = [...this.tags].find(([, n]) => n.toLowerCase() === name.toLowerCase());
    if (found) return found[0];
    const id = String(this.nextTag++);
    this.tags.set(id, name);
    return id;
  }

  companyNamed(name: string): string {
    const found = [...this.companies.values()].find((c) => c.name === name);
    if (found) return found.id;
    const id = hexId();
    this.companies.set(id, { id, company_id: `seed-${id.slice(0, 6)}`, name, created_at: this.clock.now() / 1000 });
    return id;
  }

  /** The time now in Unix seconds, after `seconds` more. */
  tick(seconds = 1): number {
    this.clock.tick(seconds);
    return Math.floor(this.clock.now() / 1000);
  }

  private guard(r: FakeRequest, next: () => FakeResponse): FakeResponse {
    const token = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
    const answer = token && this.tokens.has(token) ? next() : errors(401, 'unauthorized', 'Access Token Invalid');
    this.rateRemaining = Math.max(0, this.rateRemaining - 1);
    const reset = Math.floor(this.clock.now() / 1000) + 10;
    return { ...answer, headers: { ...answer.headers, 'x-ratelimit-limit': '1666', 'x-ratelimit-remaining': String(this.rateRemaining), 'x-ratelimit-reset': String(reset) } };
  }

  private withContact(r: FakeRequest, next: (c: IcStored) => FakeResponse): FakeResponse {
    const c = this.contacts.get(r.params.id!);
    return c && !c.archived ? next(c) : errors(404, 'not_found', 'User Not Found');
  }

  private tagBody(id: string) {
    return { type: 'tag', id, name: this.tags.get(id)! };
  }

  private companyBody(id: string) {
    const c = this.companies.get(id)!;
    return {
      type: 'company',
      id: c.id,
      name: c.name,
      app_id: 'fake-workspace',
      company_id: c.company_id,
      created_at: c.created_at,
      updated_at: c.created_at,
      monthly_spend: 0,
      session_count: 0,
      user_count: [...this.contacts.values()].filter((x) => x.companyIds.includes(id)).length,
      custom_attributes: {},
      tags: { type: 'tag.list', tags: [] },
      segments: { type: 'segment.list', segments: [] },
    };
  }

  /** The contact as Intercom answers it: tags and companies as ids, ten at most. */
  body(c: IcStored) {
    const list = (kind: string, ids: string[], ref: (id: string) => Record<string, unknown>) => ({
      type: 'list',
      data: ids.slice(0, 10).map(ref),
      url: `${HOST}/contacts/${c.id}/${kind}`,
      total_count: ids.length,
      has_more: ids.length > 10,
    });
    return {
      type: 'contact',
      id: c.id,
      workspace_id: 'fake-workspace',
      external_id: c.external_id,
      role: c.role,
      email: c.email ?? '',
      email_domain: c.email?.split('@')[1] ?? '',
      phone: c.phone,
      name: c.name,
      owner_id: null,
      has_hard_bounced: false,
      marked_email_as_spam: false,
      unsubscribed_from_emails: c.unsubscribed_from_emails,
      created_at: c.created_at,
      updated_at: c.updated_at,
      signed_up_at: c.role === 'user' ? c.created_at : null,
      last_seen_at: null,
      custom_attributes: c.custom_attributes,
      avatar: null,
      // Tag references without `type`: the description types it as a URI, which "tag" is not.
      tags: list('tags', c.tagIds, (id) => ({ id, url: `${HOST}/tags/${id}` })),
      notes: { type: 'list', data: [], url: `${HOST}/contacts/${c.id}/notes`, total_count: 0, has_more: false },
      companies: list('companies', c.companyIds, (id) => ({ type: 'company', id, url: `${HOST}/companies/${id}` })),
      location: { type: 'location', country: null, region: null, city: null },
      social_profiles: { type: 'list', data: [] },
    };
  }

  private listAttributes(r: FakeRequest): FakeResponse {
    const model = r.query.get('model');
    if (model && model !== 'contact' && model !== 'company') return errors(422, 'parameter_invalid', 'model must be contact or company');
    const standard = [
      { name: 'name', data_type: 'string' },
      { name: 'email', data_type: 'string' },
      { name: 'phone', data_type: 'string' },
    ].map((a, i) => ({ type: 'data_attribute', name: a.name, full_name: a.name, label: a.name, description: '', data_type: a.data_type, api_writable: true, ui_writable: true, messenger_writable: true, custom: false, archived: false, model: 'contact', id: i + 1 }));
    const custom = this.attributes.map((a, i) => ({
      type: 'data_attribute',
      id: 1000 + i,
      model: 'contact',
      name: a.name,
      full_name: `custom_attributes.${a.name}`,
      label: a.label,
      description: '',
      data_type: a.data_type,
      ...(a.options ? { options: a.options } : {}),
      api_writable: a.api_writable,
      ui_writable: true,
      messenger_writable: false,
      custom: true,
      archived: false,
      created_at: 1700000000,
      updated_at: 1700000000,
      admin_id: '1',
    }));
    return { status: 200, body: { type: 'list', data: model === 'company' ? [] : [...standard, ...custom] } };
  }

  /** The start of the workspace's day holding `t` (Unix seconds). */
  private dayStart(t: number): number {
    const shift = this.tzOffsetHours * 3600;
    return Math.floor((t + shift) / DAY) * DAY - shift;
  }

  private matches(c: IcStored, f: Filter): boolean | string {
    if (f.operator === 'AND' || f.operator === 'OR') {
      if (!Array.isArray(f.value)) return 'AND and OR take a list of filters';
      const parts = f.value.map((x) => this.matches(c, x as Filter));
      const bad = parts.find((p) => typeof p === 'string');
      if (bad !== undefined) return bad;
      return f.operator === 'AND' ? parts.every(Boolean) : parts.some(Boolean);
    }
    const field = f.field ?? '';
    if (field === 'updated_at' || field === 'created_at') {
      const t = c[field];
      const v = Number(f.value);
      if (!Number.isFinite(v)) return `${field} takes a Unix timestamp`;
      // Dates match by whole day in the workspace's time zone.
      if (f.operator === '>') return t >= this.dayStart(v) + DAY;
      if (f.operator === '<') return t < this.dayStart(v);
      if (f.operator === '=') return this.dayStart(t) === this.dayStart(v);
      return `The operator ${f.operator} is not supported on date fields`;
    }
    const own: Record<string, unknown> = { id: c.id, email: c.email, phone: c.phone, role: c.role, name: c.name, external_id: c.external_id };
    if (!(field in own)) return `${field} is not a searchable field`;
    const value = own[field];
    const same = (x: unknown) => (typeof value === 'string' && typeof x === 'string' ? value.toLowerCase() === x.toLowerCase() : value === x);
    if (f.operator === '=') return same(f.value);
    if (f.operator === '!=') return !same(f.value);
    if (f.operator === 'IN' || f.operator === 'NIN') {
      if (!Array.isArray(f.value)) return 'IN takes a list';
      return f.operator === 'IN' ? f.value.some(same) : !f.value.some(same);
    }
    return `The operator ${f.operator} is not supported here`;
  }

  private search(r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as { query?: Filter; sort?: { field?: string; order?: string }; pagination?: { per_page?: number; starting_after?: string | null } };
    if (!b.query) return errors(400, 'parameter_not_found', 'query is required');
    const perPage = b.pagination?.per_page ?? 50;
    if (!(perPage >= 1 && perPage <= IC_MAX_PER_PAGE)) return errors(400, 'per_page_invalid', `per_page must be between 1 and ${IC_MAX_PER_PAGE}`);
    const rows: IcStored[] = [];
    for (const c of this.contacts.values()) {
      if (c.archived) continue;
      const m = this.matches(c, b.query);
      if (typeof m === 'string') return errors(400, 'query_invalid', m);
      if (m) rows.push(c);
    }
    const field = (b.sort?.field ?? 'created_at') as 'updated_at' | 'created_at';
    const dir = b.sort?.order === 'ascending' ? 1 : -1;
    rows.sort((x, y) => (x[field] - y[field]) * dir || x.id.localeCompare(y.id) * dir);
    // The cursor is where the last page ended in this order: changes between pages move contacts, never skip them.
    let start = 0;
    if (b.pagination?.starting_after) {
      const [t, id] = Buffer.from(b.pagination.starting_after, 'base64url').toString().split(':') as [string, string];
      const after = (c: IcStored) => (c[field] - Number(t)) * dir > 0 || (c[field] === Number(t) && c.id.localeCompare(id) * dir > 0);
      start = rows.findIndex(after);
      if (start < 0) start = rows.length;
    }
    const page = rows.slice(start, start + perPage);
    const last = page.at(-1);
    const more = start + perPage < rows.length && last;
    return {
      status: 200,
      body: {
        type: 'list',
        data: page.map((c) => this.body(c)),
        total_count: rows.length,
        pages: {
          type: 'pages',
          page: Math.floor(start / perPage) + 1,
          per_page: perPage,
          total_pages: Math.ceil(rows.length / perPage),
          ...(more ? { next: { per_page: perPage, starting_after: Buffer.from(`${last[field]}:${last.id}`).toString('base64url') } } : {}),
        },
      },
    };
  }

  private checkAttributes(custom: unknown): string | undefined {
    if (custom === undefined || custom === null) return undefined;
    if (typeof custom !== 'object') return 'custom_attributes must be an object';
    for (const [name, value] of Object.entries(custom)) {
      const a = this.attributes.find((x) => x.name === name);
      if (!a) return `Custom attribute '${name}' does not exist`;
      if (!a.api_writable) return `Custom attribute '${name}' is not writable through the API`;
      if (value === null) continue;
      const ok = a.data_type === 'string' || a.data_type === 'date' ? typeof value === 'string' || (a.data_type === 'date' && typeof value === 'number') : a.data_type === 'boolean' ? typeof value === 'boolean' : typeof value === 'number';
      if (!ok) return `Custom attribute '${name}' must be a ${a.data_type}`;
      if (a.options && !a.options.includes(String(value))) return `Custom attribute '${name}' must be one of ${a.options.join(', ')}`;
    }
    return undefined;
  }

  private apply(c: IcStored, b: Record<string, unknown>): string | undefined {
    const bad = this.checkAttributes(b.custom_attributes);
    if (bad) return bad;
    for (const k of ['email', 'phone', 'name', 'external_id'] as const) if (k in b) c[k] = (b[k] as string | null) ?? null;
    if (typeof b.unsubscribed_from_emails === 'boolean') c.unsubscribed_from_emails = b.unsubscribed_from_emails;
    if (b.role === 'user' || b.role === 'lead') c.role = b.role;
    if (b.custom_attributes) c.custom_attributes = { ...c.custom_attributes, ...(b.custom_attributes as Record<string, unknown>) };
    c.updated_at = this.tick();
    return undefined;
  }

  private create(r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as Record<string, unknown>;
    if (b.role !== undefined && b.role !== 'user' && b.role !== 'lead') return errors(400, 'parameter_invalid', 'role must be user or lead');
    // Leads may be created with nothing; users need an email or an external id.
    if ((b.role ?? 'user') === 'user' && !b.email && !b.external_id) return errors(400, 'parameter_not_found', 'email or external_id is required for a user');
    const c: IcStored = { ...this.seed({}), role: (b.role as 'user' | 'lead') ?? 'user' };
    this.contacts.set(c.id, c);
    const bad = this.apply(c, b);
    if (bad) {
      this.contacts.delete(c.id);
      return errors(400, 'parameter_invalid', bad);
    }
    return { status: 200, body: this.body(c) };
  }

  private update(c: IcStored, r: FakeRequest): FakeResponse {
    const bad = this.apply(c, (r.body ?? {}) as Record<string, unknown>);
    return bad ? errors(400, 'parameter_invalid', bad) : { status: 200, body: this.body(c) };
  }

  private tag(c: IcStored, r: FakeRequest): FakeResponse {
    const id = String((r.body as { id?: unknown } | undefined)?.id ?? '');
    if (!this.tags.has(id)) return errors(404, 'not_found', 'Resource Not Found');
    if (!c.tagIds.includes(id)) c.tagIds.push(id);
    c.updated_at = this.tick();
    return { status: 200, body: { ...this.tagBody(id), applied_at: c.updated_at, applied_by: { type: 'admin', id: '1' } } };
  }

  private untag(c: IcStored, id: string): FakeResponse {
    if (!this.tags.has(id)) return errors(404, 'not_found', 'Resource Not Found');
    c.tagIds = c.tagIds.filter((t) => t !== id);
    c.updated_at = this.tick();
    return { status: 200, body: this.tagBody(id) };
  }

  private createTag(r: FakeRequest): FakeResponse {
    const name = (r.body as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string' || !name.trim()) return errors(400, 'parameter_invalid', 'name is required');
    return { status: 200, body: this.tagBody(this.tagNamed(name)) };
  }

  private findCompany(r: FakeRequest): FakeResponse {
    const name = r.query.get('name');
    const companyId = r.query.get('company_id');
    const rows = [...this.companies.values()].filter((c) => (name === null || c.name === name) && (companyId === null || c.company_id === companyId));
    if ((name !== null || companyId !== null) && !rows.length) return errors(404, 'company_not_found', 'Company Not Found');
    return { status: 200, body: { type: 'list', data: rows.map((c) => this.companyBody(c.id)), pages: { type: 'pages', page: 1, per_page: 15, total_pages: 1 }, total_count: rows.length } };
  }

  private upsertCompany(r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as { company_id?: string; name?: string };
    if (!b.company_id) return errors(400, 'bad_request', 'company_id is required');
    let c = [...this.companies.values()].find((x) => x.company_id === b.company_id);
    if (!c) {
      c = { id: hexId(), company_id: b.company_id, name: b.name ?? '', created_at: Math.floor(this.clock.now() / 1000) };
      this.companies.set(c.id, c);
    } else if (b.name) c.name = b.name;
    return { status: 200, body: this.companyBody(c.id) };
  }

  private attach(c: IcStored, r: FakeRequest): FakeResponse {
    const id = String((r.body as { id?: unknown } | undefined)?.id ?? '');
    if (!this.companies.has(id)) return errors(404, 'company_not_found', 'Company Not Found');
    if (!c.companyIds.includes(id)) c.companyIds.push(id);
    c.updated_at = this.tick();
    return { status: 200, body: this.companyBody(id) };
  }

  private detach(c: IcStored, id: string): FakeResponse {
    if (!c.companyIds.includes(id)) return errors(404, 'company_not_found', 'Company Not Found');
    c.companyIds = c.companyIds.filter((x) => x !== id);
    c.updated_at = this.tick();
    return { status: 200, body: this.companyBody(id) };
  }
}
