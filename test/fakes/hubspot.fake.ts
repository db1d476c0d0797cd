import type { ZodType } from 'zod';
import { FakeServer, type FakeRequest, type FakeResponse } from './fake-server';
import { HubSpotOAuthFake } from './hubspot-oauth.fake';
import { standardProperties, std, type HsContact, type HsProperty } from './hubspot.records';
import { hubspotRequests, hubspotResponses } from './hubspot.shapes';

export type { HsProperty } from './hubspot.records';

/** The documented 10,000-result window of CRM search. */
export const SEARCH_CAP = 10_000;

/**
 * A stateful fake of HubSpot CRM v3 as its public docs describe it: Bearer tokens (private app or
 * OAuth), contacts list with `after` cursors and archived listing, batch read/create/update/upsert
 * (100 inputs), search with filterGroups, one sort, limit ≤ 200 and a 400 past 10,000 results, the
 * properties API, lists memberships, `X-HubSpot-RateLimit-*` headers (none on search, as HubSpot
 * does) and 429 with the documented error body. Every request and answer is checked against the
 * documented shapes (`hubspot.shapes.ts`); mismatches land in `violations`.
 */
export class HubSpotFake {
  readonly server = new FakeServer();
  readonly contacts = new Map<string, HsContact>();
  readonly properties: HsProperty[] = [];
  readonly lists = new Map<string, { name: string; processingType: 'MANUAL' | 'DYNAMIC' | 'SNAPSHOT'; members: Set<string> }>();
  readonly deals = new Map<string, { amount: string; hs_is_closed: string; hs_is_closed_won: string; contactIds: string[] }>();
  readonly tokens = new Set(['hs-private-app', 'hs-oauth', 'hs-private-app-2']);
  readonly violations: { where: string; issues: string }[] = [];
  /** HubSpot's OAuth (consent page and token endpoint); its access tokens join `tokens`. */
  readonly oauth = new HubSpotOAuthFake(this.tokens);
  /** Requests per 10-second interval before 429 (HubSpot private apps: 100-190). */
  rateLimit = { max: 10_000, intervalMs: 10_000 };
  private window = { start: 0, used: 0 };
  private nextId = 1000;
  private ms = Date.parse('2025-01-01T00:00:00.000Z');

  constructor() {
    this.reset();
    const s = this.server;
    this.oauth.mount(s);
    s.route('GET', '/crm/v3/objects/contacts', (r) => this.guard(r, 'GET /crm/v3/objects/contacts', () => this.list(r)));
    s.route('POST', '/crm/v3/objects/contacts/search', (r) => this.guard(r, 'POST /crm/v3/objects/contacts/search', () => this.search(r), false));
    s.route('POST', '/crm/v3/objects/contacts/batch/read', (r) => this.guard(r, 'POST /crm/v3/objects/contacts/batch/read', () => this.batchRead(r)));
    s.route('POST', '/crm/v3/objects/contacts/batch/create', (r) => this.guard(r, 'POST /crm/v3/objects/contacts/batch/create', () => this.batchCreate(r)));
    s.route('POST', '/crm/v3/objects/contacts/batch/update', (r) => this.guard(r, 'POST /crm/v3/objects/contacts/batch/update', () => this.batchUpdate(r)));
    s.route('POST', '/crm/v3/objects/contacts/batch/upsert', (r) => this.guard(r, 'POST /crm/v3/objects/contacts/batch/upsert', () => this.batchUpsert(r)));
    s.route('GET', '/crm/v3/properties/contacts', (r) => this.guard(r, 'GET /crm/v3/properties/contacts', () => ({ status: 200, body: { results: this.properties } })));
    s.route('GET', '/crm/v3/lists/records/0-1/:id/memberships', (r) => this.guard(r, 'GET /crm/v3/lists/records/0-1/:id/memberships', () => this.memberships(r)));
    s.route('GET', '/crm/v3/lists', (r) => this.guard(r, 'GET /crm/v3/lists', () => this.getLists(r)));
    s.route('GET', '/crm/v3/lists/object-type-id/0-1/name/:name', (r) => this.guard(r, 'GET /crm/v3/lists/object-type-id/0-1/name/:name', () => this.listByName(r)));
    s.route('POST', '/crm/v3/lists', (r) => this.guard(r, 'POST /crm/v3/lists', () => this.createList(r)));
    s.route('PUT', '/crm/v3/lists/:listId/memberships/add-and-remove', (r) =>
      this.guard(r, 'PUT /crm/v3/lists/:listId/memberships/add-and-remove', () => this.changeMembers(r)),
    );
    s.route('POST', '/crm/v4/associations/contacts/deals/batch/read', (r) =>
      this.guard(r, 'POST /crm/v4/associations/contacts/deals/batch/read', () => this.dealAssociations(r)),
    );
    s.route('POST', '/crm/v3/objects/deals/batch/read', (r) => this.guard(r, 'POST /crm/v3/objects/deals/batch/read', () => this.dealsRead(r)));
  }

  reset(): void {
    this.contacts.clear();
    this.lists.clear();
    this.deals.clear();
    this.violations.length = 0;
    this.properties.splice(0, this.properties.length, ...standardProperties());
    this.window = { start: 0, used: 0 };
    this.server.clear();
  }

  addCustomProperty(name: string, label: string, type: HsProperty['type']): void {
    this.properties.push({ ...std(name, label, type), hubspotDefined: false, calculated: false, groupName: 'custom', modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false } });
  }

  private tick(at?: string): string {
    if (at) return at;
    this.ms += 1000;
    return new Date(this.ms).toISOString();
  }

  /** Adds a contact as a HubSpot user would; `at` pins its last-modified time. */
  seed(properties: Record<string, string>, at?: string): HsContact {
    const now = this.tick(at);
    const id = String(this.nextId++);
    const c: HsContact = { id, properties: { ...properties, hs_object_id: id, createdate: now, lastmodifieddate: now }, createdAt: now, updatedAt: now, archived: false };
    this.contacts.set(id, c);
    return c;
  }
  edit(id: string, properties: Record<string, string>): void {
    const c = this.contacts.get(id)!;
    const now = this.tick();
    Object.assign(c.properties, properties, { lastmodifieddate: now });
    c.updatedAt = now;
  }
  archive(id: string): void {
    const c = this.contacts.get(id)!;
    c.archived = true;
    c.archivedAt = this.tick();
  }
  addList(name: string, members: string[], processingType: 'MANUAL' | 'DYNAMIC' = 'MANUAL'): string {
    const listId = String(this.nextId++);
    this.lists.set(listId, { name, processingType, members: new Set(members) });
    return listId;
  }

  private check(where: string, schema: ZodType | undefined, value: unknown): void {
    if (!schema) return;
    const r = schema.safeParse(value);
    if (!r.success) this.violations.push({ where, issues: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
  }

  private error(status: number, category: string, message: string, extra: Record<string, string> = {}): FakeResponse {
    return { status, body: { status: 'error', message, correlationId: `c-${this.nextId++}`, category, ...extra } };
  }

  private guard(r: FakeRequest, key: string, next: () => FakeResponse, rateHeaders = true): FakeResponse {
    const requestShape = (hubspotRequests as Record<string, ZodType>)[key];
    this.check(`request ${key}`, requestShape, r.method === 'GET' ? Object.fromEntries(r.query) : r.body);
    const bearer = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
    if (!bearer || !this.tokens.has(bearer)) {
      return this.error(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');
    }
    const now = Date.now();
    if (now - this.window.start >= this.rateLimit.intervalMs) this.window = { start: now, used: 0 };
    const headers: Record<string, string> = rateHeaders
      ? {
          'x-hubspot-ratelimit-max': String(this.rateLimit.max),
          'x-hubspot-ratelimit-remaining': String(Math.max(0, this.rateLimit.max - this.window.used - 1)),
          'x-hubspot-ratelimit-interval-milliseconds': String(this.rateLimit.intervalMs),
        }
      : {};
    if (this.window.used >= this.rateLimit.max) {
      const res = this.error(429, 'RATE_LIMITS', 'You have reached your ten_secondly_rolling limit.', { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
      return { ...res, headers: { ...headers, 'retry-after': '1' } };
    }
    this.window.used++;
    const answer = next();
    const responseShape =
      answer.status >= 400 ? hubspotResponses.ERROR : ((hubspotResponses as Record<string, ZodType>)[key] ?? (key.includes('/batch/') ? hubspotResponses.BATCH : undefined));
    this.check(`response ${key} (${answer.status})`, responseShape, answer.body);
    return { ...answer, headers: { ...headers, ...answer.headers } };
  }

  private view(c: HsContact, props: string[] | undefined) {
    const wanted = props?.length ? props : ['firstname', 'lastname', 'email', 'lastmodifieddate', 'createdate', 'hs_object_id'];
    const properties: Record<string, string | null> = {};
    for (const p of wanted) properties[p] = c.properties[p] ?? null;
    return { id: c.id, properties, createdAt: c.createdAt, updatedAt: c.updatedAt, archived: c.archived, ...(c.archivedAt ? { archivedAt: c.archivedAt } : {}) };
  }

  private list(r: FakeRequest): FakeResponse {
    const limit = Math.min(Number(r.query.get('limit') ?? 10), 100);
    const after = Number(r.query.get('after') ?? 0);
    const archived = r.query.get('archived') === 'true';
    const props = r.query.get('properties')?.split(',');
    const rows = [...this.contacts.values()].filter((c) => c.archived === archived).sort((a, b) => Number(a.id) - Number(b.id));
    const start = rows.findIndex((c) => Number(c.id) >= after);
    const slice = start < 0 ? [] : rows.slice(start, start + limit);
    const next = start >= 0 ? rows[start + limit] : undefined;
    return { status: 200, body: { results: slice.map((c) => this.view(c, props)), ...(next ? { paging: { next: { after: next.id } } } : {}) } };
  }

  private matches(c: HsContact, f: { propertyName: string; operator: string; value?: string; values?: string[] }): boolean {
    const raw = c.properties[f.propertyName] ?? null;
    const asNum = (v: string | null) => (v === null ? NaN : /^\d+$/.test(v) ? Number(v) : Date.parse(v));
    const cmp = (v: string) => (['lastmodifieddate', 'createdate', 'hs_object_id'].includes(f.propertyName) ? Math.sign(asNum(raw) - asNum(v)) : (raw ?? '').localeCompare(v));
    switch (f.operator) {
      case 'EQ':
        return raw !== null && (['lastmodifieddate', 'createdate', 'hs_object_id'].includes(f.propertyName) ? cmp(f.value!) === 0 : raw.toLowerCase() === f.value!.toLowerCase());
      case 'GT':
        return raw !== null && cmp(f.value!) > 0;
      case 'GTE':
        return raw !== null && cmp(f.value!) >= 0;
      case 'LT':
        return raw !== null && cmp(f.value!) < 0;
      case 'IN':
        return raw !== null && (f.values ?? []).includes(raw);
      case 'HAS_PROPERTY':
        return raw !== null && raw !== '';
      default:
        return false;
    }
  }

  private search(r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as { filterGroups?: { filters: { propertyName: string; operator: string; value?: string; values?: string[] }[] }[]; sorts?: { propertyName: string; direction: string }[]; properties?: string[]; limit?: number; after?: string };
    const limit = b.limit ?? 10;
    const after = Number(b.after ?? 0);
    if (after + limit > SEARCH_CAP) return this.error(400, 'VALIDATION_ERROR', 'The search endpoint cannot return more than 10,000 results for one query; narrow the query.');
    let rows = [...this.contacts.values()].filter((c) => !c.archived);
    if (b.filterGroups?.length) rows = rows.filter((c) => b.filterGroups!.some((g) => g.filters.every((f) => this.matches(c, f))));
    const sort = b.sorts?.[0];
    if (sort) {
      const dir = sort.direction === 'DESCENDING' ? -1 : 1;
      const key = (c: HsContact) => {
        const v = c.properties[sort.propertyName] ?? '';
        return /^\d+$/.test(v) ? Number(v) : Date.parse(v) || v;
      };
      // Equal sort keys come back in no particular order, as in HubSpot (here: newest id first).
      rows.sort((x, y) => {
        const a = key(x);
        const c = key(y);
        return (a < c ? -1 : a > c ? 1 : 0) * dir || Number(y.id) - Number(x.id);
      });
    } else rows.sort((x, y) => Number(x.id) - Number(y.id));
    const slice = rows.slice(after, after + limit);
    const more = after + limit < rows.length;
    return { status: 200, body: { total: rows.length, results: slice.map((c) => this.view(c, b.properties)), ...(more ? { paging: { next: { after: String(after + limit) } } } : {}) } };
  }

  private batchAnswer(results: unknown[], errors: { message: string; ids: string[] }[], created = false): FakeResponse {
    const now = new Date(this.ms).toISOString();
    const body = {
      status: 'COMPLETE',
      results,
      startedAt: now,
      completedAt: now,
      ...(errors.length ? { numErrors: errors.length, errors: errors.map((e) => ({ status: 'error', category: 'OBJECT_NOT_FOUND', message: e.message, context: { ids: e.ids } })) } : {}),
    };
    return { status: errors.length ? 207 : created ? 201 : 200, body };
  }

  private tooMany(inputs: unknown[] | undefined): FakeResponse | undefined {
    if (!inputs || inputs.length === 0 || inputs.length > 100) return this.error(400, 'VALIDATION_ERROR', 'Batch inputs must hold between 1 and 100 items.');
    return undefined;
  }

  private batchRead(r: FakeRequest): FakeResponse {
    const b = r.body as { properties?: string[]; inputs?: { id: string }[] };
    const bad = this.tooMany(b.inputs);
    if (bad) return bad;
    const found = b.inputs!.map((i) => this.contacts.get(i.id)).filter((c): c is HsContact => !!c && !c.archived);
    const missing = b.inputs!.filter((i) => !found.some((c) => c.id === i.id)).map((i) => i.id);
    return this.batchAnswer(found.map((c) => this.view(c, b.properties)), missing.length ? [{ message: 'Could not get some CONTACT objects, they may be deleted or not exist.', ids: missing }] : []);
  }

  private uniqueEmail(email: string | undefined, except?: string): boolean {
    if (!email) return true;
    return ![...this.contacts.values()].some((c) => !c.archived && c.id !== except && c.properties.email?.toLowerCase() === email.toLowerCase());
  }

  private batchCreate(r: FakeRequest): FakeResponse {
    const b = r.body as { inputs?: { properties: Record<string, string> }[] };
    const bad = this.tooMany(b.inputs);
    if (bad) return bad;
    if (b.inputs!.some((i) => !this.uniqueEmail(i.properties.email))) return this.error(409, 'CONFLICT', 'Contact already exists.');
    const props = [...new Set(b.inputs!.flatMap((i) => Object.keys(i.properties)))];
    return this.batchAnswer(b.inputs!.map((i) => this.view(this.seed(i.properties), [...props, 'lastmodifieddate'])), [], true);
  }

  private batchUpdate(r: FakeRequest): FakeResponse {
    const b = r.body as { inputs?: { id: string; properties: Record<string, string> }[] };
    const bad = this.tooMany(b.inputs);
    if (bad) return bad;
    const missing = b.inputs!.filter((i) => !this.contacts.get(i.id) || this.contacts.get(i.id)!.archived).map((i) => i.id);
    const results = [];
    for (const i of b.inputs!) {
      if (missing.includes(i.id)) continue;
      this.edit(i.id, i.properties);
      results.push(this.view(this.contacts.get(i.id)!, [...Object.keys(i.properties), 'lastmodifieddate']));
    }
    return this.batchAnswer(results, missing.length ? [{ message: 'Some contacts do not exist.', ids: missing }] : []);
  }

  private batchUpsert(r: FakeRequest): FakeResponse {
    const b = r.body as { inputs?: { idProperty: string; id: string; properties: Record<string, string> }[] };
    const bad = this.tooMany(b.inputs);
    if (bad) return bad;
    if (b.inputs!.some((i) => i.idProperty !== 'email' && i.idProperty !== 'hs_object_id')) return this.error(400, 'VALIDATION_ERROR', 'idProperty must be a unique property.');
    const results = b.inputs!.map((i) => {
      const existing = [...this.contacts.values()].find((c) => !c.archived && (i.idProperty === 'email' ? c.properties.email?.toLowerCase() === i.id.toLowerCase() : c.id === i.id));
      const props = [...Object.keys(i.properties), 'email', 'lastmodifieddate'];
      if (existing) {
        this.edit(existing.id, i.properties);
        return { ...this.view(existing, props), new: false };
      }
      return { ...this.view(this.seed({ ...i.properties, ...(i.idProperty === 'email' ? { email: i.id } : {}) }), props), new: true };
    });
    return this.batchAnswer(results, []);
  }

  /** Adds a deal associated with the contacts. */
  addDeal(contactIds: string[], amount: number, stage: 'open' | 'won' | 'lost'): string {
    const id = String(this.nextId++);
    this.deals.set(id, { amount: String(amount), hs_is_closed: String(stage !== 'open'), hs_is_closed_won: String(stage === 'won'), contactIds });
    return id;
  }

  private dealAssociations(r: FakeRequest): FakeResponse {
    const inputs = ((r.body ?? {}) as { inputs?: { id: string }[] }).inputs ?? [];
    const now = new Date(this.ms).toISOString();
    const results = inputs
      .map((i) => ({ from: { id: i.id }, to: [...this.deals].filter(([, d]) => d.contactIds.includes(i.id)).map(([dealId]) => ({ toObjectId: Number(dealId), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 4, label: null }] })) }))
      .filter((x) => x.to.length > 0);
    const without = inputs.filter((i) => !results.some((x) => x.from.id === i.id)).map((i) => i.id);
    // HubSpot reports inputs without associations as errors of a 207 multi-status answer.
    return {
      status: without.length ? 207 : 200,
      body: {
        status: 'COMPLETE',
        results,
        startedAt: now,
        completedAt: now,
        ...(without.length ? { numErrors: without.length, errors: without.map((id) => ({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `No deal is associated with contact ${id}.`, context: { fromObjectId: [id] } })) } : {}),
      },
    };
  }

  private dealsRead(r: FakeRequest): FakeResponse {
    const b = r.body as { properties?: string[]; inputs?: { id: string }[] };
    const bad = this.tooMany(b.inputs);
    if (bad) return bad;
    const at = new Date(this.ms).toISOString();
    const results = b.inputs!.filter((i) => this.deals.has(i.id)).map((i) => {
      const d = this.deals.get(i.id)!;
      const all: Record<string, string> = { amount: d.amount, hs_is_closed: d.hs_is_closed, hs_is_closed_won: d.hs_is_closed_won, hs_object_id: i.id };
      return { id: i.id, properties: Object.fromEntries((b.properties ?? ['amount']).map((p) => [p, all[p] ?? null])), createdAt: at, updatedAt: at, archived: false };
    });
    return this.batchAnswer(results, []);
  }

  private memberships(r: FakeRequest): FakeResponse {
    const at = new Date(this.ms).toISOString();
    const results = [...this.lists].filter(([, l]) => l.members.has(r.params.id!)).map(([listId]) => ({ listId, listVersion: 1, firstAddedTimestamp: at, lastAddedTimestamp: at }));
    return { status: 200, body: { results, total: results.length } };
  }

  private listInfo(listId: string) {
    const l = this.lists.get(listId)!;
    return { listId, name: l.name, processingType: l.processingType, objectTypeId: '0-1' };
  }
  private listByName(r: FakeRequest): FakeResponse {
    const hit = [...this.lists].find(([, l]) => l.name.toLowerCase() === r.params.name!.toLowerCase());
    return hit ? { status: 200, body: { list: this.listInfo(hit[0]) } } : this.error(404, 'OBJECT_NOT_FOUND', `List ${r.params.name} does not exist.`);
  }
  private createList(r: FakeRequest): FakeResponse {
    const b = r.body as { name: string; processingType: 'MANUAL' | 'DYNAMIC' };
    if ([...this.lists.values()].some((l) => l.name.toLowerCase() === b.name.toLowerCase())) return this.error(409, 'CONFLICT', 'A list with this name already exists.');
    return { status: 200, body: { list: this.listInfo(this.addList(b.name, [], b.processingType)) } };
  }
  private changeMembers(r: FakeRequest): FakeResponse {
    const list = this.lists.get(r.params.listId!);
    if (!list) return this.error(404, 'OBJECT_NOT_FOUND', 'List not found.');
    if (list.processingType === 'DYNAMIC') return this.error(400, 'VALIDATION_ERROR', 'Memberships of DYNAMIC lists cannot be changed.');
    const b = r.body as { recordIdsToAdd: string[]; recordIdsToRemove: string[] };
    const missing = [...b.recordIdsToAdd, ...b.recordIdsToRemove].filter((id) => !this.contacts.has(id));
    const added = b.recordIdsToAdd.filter((id) => this.contacts.has(id) && !list.members.has(id));
    const removed = b.recordIdsToRemove.filter((id) => list.members.has(id));
    added.forEach((id) => list.members.add(id));
    removed.forEach((id) => list.members.delete(id));
    return { status: 200, body: { recordIdsAdded: added, recordIdsRemoved: removed, recordsIdsMissing: missing } };
  }

  private getLists(r: FakeRequest): FakeResponse {
    const ids = r.query.getAll('listIds');
    return { status: 200, body: { lists: ids.filter((id) => this.lists.has(id)).map((listId) => ({ listId, name: this.lists.get(listId)!.name, processingType: this.lists.get(listId)!.processingType, objectTypeId: '0-1' })) } };
  }
}
