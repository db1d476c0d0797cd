import { FakeClock, opaque } from './fake-clock';
import { FakeServer, type FakeRequest, type FakeResponse } from './fake-server';
import { FakeOAuthServer } from './oauth-server.fake';

/** A person as Pipedrive API v2 returns it (the fields this fake keeps). */
export interface PdPerson {
  id: number;
  name: string;
  first_name?: string;
  last_name?: string;
  owner_id: number;
  org_id?: number;
  add_time: string;
  update_time: string;
  emails: { value: string; primary: boolean; label: string }[];
  phones: { value: string; primary: boolean; label: string }[];
  is_deleted: boolean;
  visible_to: number;
  label_ids: number[];
  job_title?: string;
  postal_address?: Record<string, string>;
  custom_fields: Record<string, unknown>;
}
export interface PdOrg {
  id: number;
  name: string;
  owner_id: number;
  add_time: string;
  update_time: string;
  is_deleted: boolean;
  visible_to: number;
  label_ids: number[];
  custom_fields: Record<string, unknown>;
}
export interface PdDeal {
  id: number;
  title: string;
  person_id: number;
  value: number;
  currency: string;
  status: 'open' | 'won' | 'lost';
  add_time: string;
  update_time: string;
  is_deleted: boolean;
}
export interface PdField {
  field_name: string;
  field_code: string;
  field_type: 'int' | 'double' | 'boolean' | 'varchar' | 'text' | 'phone' | 'enum' | 'set';
  is_custom_field: boolean;
  is_optional_response_field: boolean;
  options?: { id: number; label: string }[];
}

const MAX_LIMIT = 500;

/**
 * A stateful fake of Pipedrive API v2 (persons, personFields, organizations, deals, persons/search) as
 * documented: `x-api-token` or OAuth Bearer, cursor paging in `additional_data.next_cursor`,
 * `updated_since` filters, limit ≤ 500, `x-ratelimit-*` headers and 429 with Retry-After when the
 * per-token window is spent. Mount behind Prism (the spec's paths have no `/api/v2` prefix).
 */
export class PipedriveFake {
  readonly server = new FakeServer();
  readonly clock = new FakeClock();
  readonly persons = new Map<number, PdPerson>();
  readonly orgs = new Map<number, PdOrg>();
  readonly deals = new Map<number, PdDeal>();
  readonly fields: PdField[] = [
    { field_name: 'Name', field_code: 'name', field_type: 'varchar', is_custom_field: false, is_optional_response_field: false },
    { field_name: 'First name', field_code: 'first_name', field_type: 'varchar', is_custom_field: false, is_optional_response_field: false },
    { field_name: 'Last name', field_code: 'last_name', field_type: 'varchar', is_custom_field: false, is_optional_response_field: false },
    { field_name: 'Email', field_code: 'emails', field_type: 'varchar', is_custom_field: false, is_optional_response_field: false },
    { field_name: 'Phone', field_code: 'phones', field_type: 'phone', is_custom_field: false, is_optional_response_field: false },
    { field_name: 'Job title', field_code: 'job_title', field_type: 'varchar', is_custom_field: false, is_optional_response_field: true },
    {
      field_name: 'Labels',
      field_code: 'label_ids',
      field_type: 'varchar',
      is_custom_field: false,
      is_optional_response_field: false,
      options: [
        { id: 1, label: 'Customer' },
        { id: 2, label: 'Hot lead' },
      ],
    },
  ];
  /** Tokens the fake accepts: API tokens (`x-api-token`) and OAuth access tokens (Bearer). */
  readonly apiTokens = new Set<string>(['pd-token', 'pd-token-2']);
  readonly oauthTokens = new Set<string>(['pd-oauth']);
  /** OAuth client and refresh tokens the token endpoint accepts (client credentials as HTTP Basic). */
  readonly oauthClient = { id: 'pd-client', secret: 'pd-secret' };
  readonly refreshTokens = new Set(['pd-refresh']);
  refreshCount = 0;
  /** Pipedrive's authorization server: scopes live on the app (none in the URL), HTTP Basic client auth, no PKCE. */
  readonly oauth: FakeOAuthServer = new FakeOAuthServer({
    client: this.oauthClient,
    clientAuth: 'basic',
    authorizePath: '/oauth/authorize',
    requiredScopes: [],
    pkce: false,
    issue: () => {
      const n: number = this.oauth.exchanges;
      this.oauthTokens.add(`pd-oauth-code-${n}`);
      this.refreshTokens.add(`pd-refresh-code-${n}`);
      return { accessToken: `pd-oauth-code-${n}`, refreshToken: `pd-refresh-code-${n}`, extra: { scope: 'base,contacts:full,deals:read', api_domain: 'https://acme.pipedrive.com' } };
    },
    errorBody: (error, description) => ({ success: false, error, error_description: description }),
  });
  /** Requests allowed per token in one window before 429 (Pipedrive counts per company/token). */
  rateLimit = { limit: 10_000, windowMs: 2_000 };
  private window = new Map<string, { start: number; used: number }>();
  private nextId = 1;

  constructor() {
    const s = this.server;
    s.route('POST', '/oauth/token', (r) => this.token(r));
    this.oauth.mount(s);
    s.route('GET', '/persons', (r) => this.guard(r, () => this.listPersons(r)));
    s.route('POST', '/persons', (r) => this.guard(r, () => this.createPerson(r)));
    s.route('GET', '/persons/search', (r) => this.guard(r, () => this.searchPersons(r)));
    s.route('GET', '/persons/:id', (r) => this.guard(r, () => this.getPerson(r)));
    s.route('PATCH', '/persons/:id', (r) => this.guard(r, () => this.updatePerson(r)));
    s.route('DELETE', '/persons/:id', (r) => this.guard(r, () => this.deletePerson(Number(r.params.id))));
    s.route('GET', '/personFields', (r) => this.guard(r, () => ({ status: 200, body: { success: true, data: this.fields, additional_data: { next_cursor: null } } })));
    s.route('GET', '/organizations', (r) => this.guard(r, () => this.listOrgs(r)));
    s.route('POST', '/organizations', (r) => this.guard(r, () => this.createOrg(r)));
    s.route('GET', '/organizations/search', (r) => this.guard(r, () => this.searchOrgs(r)));
    s.route('POST', '/personFields/:code/options', (r) => this.guard(r, () => this.addOptions(r)));
    s.route('GET', '/deals', (r) => this.guard(r, () => this.listDeals(r)));
  }

  /** Empties the account (persons, organizations, deals, custom fields) between tests. */
  reset(): void {
    this.persons.clear();
    this.orgs.clear();
    this.deals.clear();
    this.fields.splice(0, this.fields.length, ...this.fields.filter((f) => !f.is_custom_field));
    const labels = this.fields.find((f) => f.field_code === 'label_ids');
    if (labels) labels.options = labels.options?.slice(0, 2);
    this.server.log.length = 0;
    this.window.clear();
    this.oauthTokens.clear();
    this.oauthTokens.add('pd-oauth');
    this.refreshCount = 0;
  }

  /** Adds a person directly (as if a user typed it in Pipedrive). */
  seedPerson(p: Partial<PdPerson> & { name: string; email?: string }): PdPerson {
    const now = this.clock.tick();
    const [first, ...rest] = p.name.split(' ');
    const person: PdPerson = {
      id: this.nextId++,
      name: p.name,
      first_name: p.first_name ?? first,
      last_name: p.last_name ?? (rest.join(' ') || undefined),
      owner_id: 1,
      add_time: now,
      update_time: now,
      emails: p.emails ?? (p.email ? [{ value: p.email, primary: true, label: 'work' }] : []),
      phones: p.phones ?? [],
      is_deleted: false,
      visible_to: 3,
      label_ids: p.label_ids ?? [],
      custom_fields: p.custom_fields ?? {},
      ...(p.org_id ? { org_id: p.org_id } : {}),
      ...(p.job_title ? { job_title: p.job_title } : {}),
    };
    this.persons.set(person.id, person);
    return person;
  }
  seedOrg(name: string): PdOrg {
    const now = this.clock.tick();
    const org: PdOrg = { id: this.nextId++, name, owner_id: 1, add_time: now, update_time: now, is_deleted: false, visible_to: 3, label_ids: [], custom_fields: {} };
    this.orgs.set(org.id, org);
    return org;
  }
  seedDeal(personId: number, value: number, status: PdDeal['status'] = 'open'): PdDeal {
    const now = this.clock.tick();
    const deal: PdDeal = { id: this.nextId++, title: `Deal ${this.nextId}`, person_id: personId, value, currency: 'EUR', status, add_time: now, update_time: now, is_deleted: false };
    this.deals.set(deal.id, deal);
    return deal;
  }
  /** Changes a person as a Pipedrive user would (bumps update_time). */
  touch(id: number, patch: Partial<PdPerson>): void {
    const p = this.persons.get(id);
    if (!p) throw new Error(`no person ${id}`);
    Object.assign(p, patch, { update_time: this.clock.tick() });
  }
  addCustomField(field_name: string, field_code: string, field_type: PdField['field_type'], options?: { id: number; label: string }[]): void {
    this.fields.push({ field_name, field_code, field_type, is_custom_field: true, is_optional_response_field: false, ...(options ? { options } : {}) });
  }

  private token(r: FakeRequest): FakeResponse {
    const basic = /^Basic (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    if (id !== this.oauthClient.id || secret !== this.oauthClient.secret) return { status: 401, body: { success: false, error: 'Invalid client credentials' } };
    const form = new URLSearchParams(typeof r.body === 'string' ? r.body : '');
    if (form.get('grant_type') === 'authorization_code') return this.oauth.exchange(r);
    if (form.get('grant_type') !== 'refresh_token' || !this.refreshTokens.has(form.get('refresh_token') ?? '')) return { status: 400, body: { success: false, error: 'invalid_grant' } };
    const access = `pd-oauth-${++this.refreshCount}`;
    this.oauthTokens.add(access);
    return { status: 200, body: { access_token: access, token_type: 'Bearer', refresh_token: 'pd-refresh', scope: 'contacts:full', expires_in: 3599, api_domain: 'https://acme.pipedrive.com' } };
  }

  private guard(r: FakeRequest, next: () => FakeResponse): FakeResponse {
    const apiToken = r.headers['x-api-token'];
    const bearer = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
    const token = typeof apiToken === 'string' && this.apiTokens.has(apiToken) ? apiToken : bearer && this.oauthTokens.has(bearer) ? bearer : undefined;
    if (!token) return { status: 401, body: { success: false, error: 'unauthorized access', errorCode: 401, error_info: 'Please check developers.pipedrive.com' } };
    const now = Date.now();
    let w = this.window.get(token);
    if (!w || now - w.start >= this.rateLimit.windowMs) this.window.set(token, (w = { start: now, used: 0 }));
    const reset = Math.ceil((w.start + this.rateLimit.windowMs - now) / 1000);
    if (w.used >= this.rateLimit.limit) {
      return { status: 429, headers: { 'retry-after': String(reset), 'x-ratelimit-limit': String(this.rateLimit.limit), 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, body: { success: false, error: 'Request over limit', errorCode: 429 } };
    }
    w.used++;
    const answer = next();
    answer.headers = { ...answer.headers, 'x-ratelimit-limit': String(this.rateLimit.limit), 'x-ratelimit-remaining': String(this.rateLimit.limit - w.used), 'x-ratelimit-reset': String(reset) };
    return answer;
  }

  private page<T extends { id: number; update_time: string }>(r: FakeRequest, all: T[]): FakeResponse {
    const limit = Math.min(Number(r.query.get('limit') ?? 100), MAX_LIMIT);
    if (!(limit > 0)) return { status: 400, body: { success: false, error: 'limit must be positive', errorCode: 400 } };
    const since = r.query.get('updated_since');
    const ids = r.query.get('ids')?.split(',').map(Number);
    const sortBy = (r.query.get('sort_by') ?? 'id') as 'id' | 'update_time';
    const desc = r.query.get('sort_direction') === 'desc';
    const rows = all.filter((x) => (!since || x.update_time >= since) && (!ids || ids.includes(x.id)));
    rows.sort((a, b) => (sortBy === 'id' ? a.id - b.id : a.update_time.localeCompare(b.update_time) || a.id - b.id) * (desc ? -1 : 1));
    const offset = opaque.decode<{ o: number }>(r.query.get('cursor'))?.o ?? 0;
    const more = offset + limit < rows.length;
    return {
      status: 200,
      body: { success: true, data: rows.slice(offset, offset + limit), additional_data: more ? { next_cursor: opaque.encode({ o: offset + limit }) } : {} },
    };
  }

  private listPersons(r: FakeRequest): FakeResponse {
    return this.page(r, [...this.persons.values()].filter((p) => !p.is_deleted));
  }
  private getPerson(r: FakeRequest): FakeResponse {
    const p = this.persons.get(Number(r.params.id));
    if (!p || p.is_deleted) return { status: 404, body: { success: false, error: 'Person not found', errorCode: 404 } };
    return { status: 200, body: { success: true, data: p } };
  }
  private createPerson(r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as Partial<PdPerson>;
    if (!b.name) return { status: 400, body: { success: false, error: 'Name must be given.', errorCode: 400 } };
    const p = this.seedPerson({ ...b, name: b.name });
    return { status: 200, body: { success: true, data: p } };
  }
  private updatePerson(r: FakeRequest): FakeResponse {
    const p = this.persons.get(Number(r.params.id));
    if (!p || p.is_deleted) return { status: 404, body: { success: false, error: 'Person not found', errorCode: 404 } };
    const b = (r.body ?? {}) as Partial<PdPerson>;
    const { custom_fields, ...rest } = b;
    Object.assign(p, rest);
    if (rest.name) {
      const [first, ...last] = rest.name.split(' ');
      p.first_name = first;
      p.last_name = last.join(' ') || undefined;
    }
    if (custom_fields) p.custom_fields = { ...p.custom_fields, ...custom_fields };
    p.update_time = this.clock.tick();
    return { status: 200, body: { success: true, data: p } };
  }
  private deletePerson(id: number): FakeResponse {
    const p = this.persons.get(id);
    if (!p || p.is_deleted) return { status: 404, body: { success: false, error: 'Person not found', errorCode: 404 } };
    p.is_deleted = true;
    p.update_time = this.clock.tick();
    return { status: 200, body: { success: true, data: { id } } };
  }
  private searchPersons(r: FakeRequest): FakeResponse {
    const term = (r.query.get('term') ?? '').trim().toLowerCase();
    if (term.length < 2) return { status: 400, body: { success: false, error: 'term must be at least 2 characters', errorCode: 400 } };
    const fields = r.query.get('fields') ?? 'email';
    const exact = r.query.get('exact_match') === 'true';
    const hit = (v: string) => (exact ? v.toLowerCase() === term : v.toLowerCase().includes(term));
    const items = [...this.persons.values()]
      .filter((p) => !p.is_deleted)
      .filter((p) => (fields === 'email' ? p.emails.some((e) => hit(e.value)) : fields === 'phone' ? p.phones.some((e) => hit(e.value)) : hit(p.name)))
      .map((p) => ({ result_score: 1, item: { id: p.id, type: 'person', name: p.name, emails: p.emails.map((e) => e.value), phones: p.phones.map((e) => e.value) } }));
    return { status: 200, body: { success: true, data: { items }, additional_data: {} } };
  }
  private listOrgs(r: FakeRequest): FakeResponse {
    return this.page(r, [...this.orgs.values()].filter((o) => !o.is_deleted));
  }
  private createOrg(r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as { name?: string };
    if (!b.name) return { status: 400, body: { success: false, error: 'Name must be given.', errorCode: 400 } };
    return { status: 200, body: { success: true, data: this.seedOrg(b.name) } };
  }
  private searchOrgs(r: FakeRequest): FakeResponse {
    const term = (r.query.get('term') ?? '').trim().toLowerCase();
    const exact = r.query.get('exact_match') === 'true';
    const items = [...this.orgs.values()]
      .filter((o) => !o.is_deleted && (exact ? o.name.toLowerCase() === term : o.name.toLowerCase().includes(term)))
      .map((o) => ({ result_score: 1, item: { id: o.id, type: 'organization', name: o.name } }));
    return { status: 200, body: { success: true, data: { items }, additional_data: {} } };
  }
  private addOptions(r: FakeRequest): FakeResponse {
    const field = this.fields.find((f) => f.field_code === r.params.code);
    if (!field) return { status: 404, body: { success: false, error: 'Field not found', errorCode: 404 } };
    const wanted = Array.isArray(r.body) ? (r.body as { label?: string }[]) : [];
    if (!wanted.length || wanted.some((o) => !o.label)) return { status: 400, body: { success: false, error: 'label required', errorCode: 400 } };
    field.options ??= [];
    const added = wanted.map((o) => ({ id: this.nextId++, label: o.label! }));
    field.options.push(...added);
    return { status: 200, body: { success: true, data: field.options } };
  }
  private listDeals(r: FakeRequest): FakeResponse {
    const personId = r.query.get('person_id');
    const status = r.query.get('status');
    return this.page(
      r,
      [...this.deals.values()].filter((d) => !d.is_deleted && (!personId || d.person_id === Number(personId)) && (!status || d.status === status)),
    );
  }
}
