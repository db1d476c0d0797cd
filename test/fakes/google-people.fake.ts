import { FakeClock, opaque } from './fake-clock';
import { FakeServer, type FakeRequest, type FakeResponse } from './fake-server';
import { FakeOAuthServer } from './oauth-server.fake';

/** The parts of a People API `Person` this fake keeps (all optional, as in the API). */
export interface GPerson {
  resourceName: string;
  etag: string;
  metadata: { sources: { type: 'CONTACT'; id: string; etag: string; updateTime: string }[]; deleted?: boolean };
  names?: { givenName?: string; familyName?: string; displayName?: string }[];
  emailAddresses?: { value: string; type?: string }[];
  phoneNumbers?: { value: string; type?: string }[];
  organizations?: { name?: string; title?: string }[];
  addresses?: { streetAddress?: string; city?: string; postalCode?: string; region?: string; country?: string }[];
  urls?: { value: string }[];
  memberships?: { contactGroupMembership: { contactGroupResourceName: string; contactGroupId?: string } }[];
  userDefined?: { key: string; value: string }[];
}
export interface GGroup {
  resourceName: string;
  etag: string;
  name: string;
  formattedName: string;
  groupType: 'USER_CONTACT_GROUP' | 'SYSTEM_CONTACT_GROUP';
  metadata: { updateTime: string };
}

const WRITABLE = ['names', 'emailAddresses', 'phoneNumbers', 'organizations', 'addresses', 'urls', 'memberships', 'userDefined'] as const;
type Writable = (typeof WRITABLE)[number];

function gError(code: number, status: string, message: string): FakeResponse {
  return { status: code, body: { error: { code, message, status } } };
}

/**
 * A stateful fake of the Google People API v1 (my connections, batch create/update/delete, batchGet,
 * searchContacts, contact groups) plus Google's OAuth 2.0 server: the consent page (`GET /o/oauth2/v2/auth`,
 * auto-consent or deny, PKCE) and the token endpoint (`POST /token`, code and refresh grants).
 * Follows Google's docs: Bearer access tokens that expire, `pageToken`/`nextPageToken`, `syncToken`
 * returning changed and deleted people (`metadata.deleted`), 410 for an expired sync token, etags
 * checked on update, 200 people per batch, searchContacts pageSize ≤ 30, 429 RESOURCE_EXHAUSTED.
 */
export class GooglePeopleFake {
  readonly server = new FakeServer();
  readonly clock = new FakeClock();
  readonly people = new Map<string, { person: GPerson; seq: number }>();
  readonly groups = new Map<string, GGroup>();
  readonly client = { id: 'client-1', secret: 'secret-1' };
  readonly refreshTokens = new Set(['refresh-1']);
  /** Access tokens currently valid. */
  readonly accessTokens = new Set(['access-0']);
  /** How many refresh grants the token endpoint served. */
  refreshCount = 0;
  /** Sync tokens minted before this sequence number answer 410 (expired). */
  syncTokenFloor = 0;
  /** Google's authorization server: the contacts scope, PKCE, client credentials in the form body. */
  readonly oauth: FakeOAuthServer = new FakeOAuthServer({
    client: this.client,
    clientAuth: 'body',
    authorizePath: '/o/oauth2/v2/auth',
    requiredScopes: ['https://www.googleapis.com/auth/contacts'],
    pkce: true,
    issue: () => {
      const n: number = this.oauth.exchanges;
      this.accessTokens.add(`access-code-${n}`);
      this.refreshTokens.add(`refresh-code-${n}`);
      return { accessToken: `access-code-${n}`, refreshToken: `refresh-code-${n}`, extra: { scope: 'https://www.googleapis.com/auth/contacts' } };
    },
  });
  private seq = 0;
  private nextId = 1;

  constructor() {
    this.reset();
    const s = this.server;
    s.route('POST', '/token', (r) => this.token(r));
    this.oauth.mount(s);
    s.route('GET', '/v1/people/:personId/connections', (r) => this.guard(r, () => this.connections(r)));
    s.route('GET', '/v1/people:batchGet', (r) => this.guard(r, () => this.batchGet(r)));
    s.route('GET', '/v1/people:searchContacts', (r) => this.guard(r, () => this.search(r)));
    s.route('POST', '/v1/people:batchCreateContacts', (r) => this.guard(r, () => this.batchCreate(r)));
    s.route('POST', '/v1/people:batchUpdateContacts', (r) => this.guard(r, () => this.batchUpdate(r)));
    s.route('POST', '/v1/people:batchDeleteContacts', (r) => this.guard(r, () => this.batchDelete(r)));
    s.route('GET', '/v1/contactGroups', (r) => this.guard(r, () => ({ status: 200, body: { contactGroups: [...this.groups.values()], totalItems: this.groups.size } })));
    s.route('POST', '/v1/contactGroups', (r) => this.guard(r, () => this.createGroup(r)));
  }

  /** A fresh account: no contacts, only the "My Contacts" system group, the initial tokens. */
  reset(): void {
    this.people.clear();
    this.groups.clear();
    this.groups.set('contactGroups/myContacts', { resourceName: 'contactGroups/myContacts', etag: 'g0', name: 'myContacts', formattedName: 'My Contacts', groupType: 'SYSTEM_CONTACT_GROUP', metadata: { updateTime: this.clock.iso() } });
    this.refreshTokens.clear();
    this.refreshTokens.add('refresh-1');
    this.accessTokens.clear();
    this.accessTokens.add('access-0');
    this.refreshCount = 0;
    this.server.clear();
  }

  /** Adds a contact as a Google user would. */
  seed(fields: Partial<Pick<GPerson, Writable>>): GPerson {
    const id = `c${this.nextId++}`;
    const person = this.stamp({ resourceName: `people/${id}`, etag: '', metadata: { sources: [] }, ...fields });
    this.people.set(person.resourceName, { person, seq: ++this.seq });
    return person;
  }
  /** Changes a contact as a Google user would. */
  edit(resourceName: string, fields: Partial<Pick<GPerson, Writable>>): void {
    const row = this.people.get(resourceName)!;
    row.person = this.stamp({ ...row.person, ...fields });
    row.seq = ++this.seq;
  }
  /** Deletes a contact; sync requests then report it with `metadata.deleted`. */
  remove(resourceName: string): void {
    const row = this.people.get(resourceName)!;
    row.person = { resourceName, etag: row.person.etag, metadata: { ...row.person.metadata, deleted: true } };
    row.seq = ++this.seq;
  }
  seedGroup(name: string): GGroup {
    const g: GGroup = { resourceName: `contactGroups/g${this.nextId++}`, etag: `e${this.seq}`, name, formattedName: name, groupType: 'USER_CONTACT_GROUP', metadata: { updateTime: this.clock.tick() } };
    this.groups.set(g.resourceName, g);
    return g;
  }
  /** Makes every access token invalid (as when they expire after an hour). */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }
  /** Makes every sync token minted so far invalid (Google keeps them for 7 days). */
  expireSyncTokens(): void {
    this.syncTokenFloor = this.seq + 1;
  }
  live(): GPerson[] {
    return [...this.people.values()].filter((r) => !r.person.metadata.deleted).map((r) => r.person);
  }

  private stamp(p: GPerson): GPerson {
    const updateTime = this.clock.tick();
    const etag = `%E${this.seq + 1}${p.resourceName.replace('people/', '')}`;
    const id = p.resourceName.replace('people/', '');
    return { ...p, etag, metadata: { sources: [{ type: 'CONTACT', id, etag, updateTime }] } };
  }

  private token(r: FakeRequest): FakeResponse {
    const form = new URLSearchParams(typeof r.body === 'string' ? r.body : '');
    if (form.get('grant_type') === 'authorization_code') return this.oauth.exchange(r);
    if (form.get('grant_type') !== 'refresh_token') return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (form.get('client_id') !== this.client.id || form.get('client_secret') !== this.client.secret) return { status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } };
    if (!this.refreshTokens.has(form.get('refresh_token') ?? '')) return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
    this.refreshCount++;
    const access = `access-${this.refreshCount}`;
    this.accessTokens.add(access);
    return { status: 200, body: { access_token: access, expires_in: 3599, token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/contacts' } };
  }

  private guard(r: FakeRequest, next: () => FakeResponse): FakeResponse {
    const bearer = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
    if (!bearer || !this.accessTokens.has(bearer)) {
      return gError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
    }
    return next();
  }

  private project(p: GPerson, personFields: string | null): GPerson {
    if (p.metadata.deleted) return p;
    const keep = new Set((personFields ?? '').split(','));
    const out: GPerson = { resourceName: p.resourceName, etag: p.etag, metadata: p.metadata };
    for (const f of WRITABLE) if (keep.has(f) && p[f]) (out as unknown as Record<string, unknown>)[f] = p[f];
    return out;
  }

  private connections(r: FakeRequest): FakeResponse {
    if (r.params.personId !== 'me') return gError(400, 'INVALID_ARGUMENT', 'Only people/me is supported.');
    const personFields = r.query.get('personFields');
    if (!personFields) return gError(400, 'INVALID_ARGUMENT', 'personFields mask is required. Please specify one or more valid paths.');
    const pageSize = Number(r.query.get('pageSize') ?? 100);
    if (pageSize < 1 || pageSize > 1000) return gError(400, 'INVALID_ARGUMENT', 'pageSize must be between 1 and 1000.');
    const syncTokenText = r.query.get('syncToken');
    let fromSeq = 0;
    if (syncTokenText) {
      const t = opaque.decode<{ seq: number }>(syncTokenText);
      if (!t || t.seq < this.syncTokenFloor) return gError(410, 'FAILED_PRECONDITION', 'Sync token is expired. Clear local cache and retry call without the sync token.');
      fromSeq = t.seq;
    }
    const page = opaque.decode<{ o: number; upTo: number }>(r.query.get('pageToken'));
    const upTo = page?.upTo ?? this.seq;
    const rows = [...this.people.values()]
      .filter((x) => x.seq > fromSeq && x.seq <= upTo && (syncTokenText ? true : !x.person.metadata.deleted))
      .sort((a, b) => a.seq - b.seq);
    const offset = page?.o ?? 0;
    const slice = rows.slice(offset, offset + pageSize);
    const more = offset + pageSize < rows.length;
    const wantsToken = r.query.get('requestSyncToken') === 'true' || !!syncTokenText;
    const body: Record<string, unknown> = { connections: slice.map((x) => this.project(x.person, personFields)), totalPeople: rows.length, totalItems: rows.length };
    if (more) body.nextPageToken = opaque.encode({ o: offset + pageSize, upTo });
    else if (wantsToken) body.nextSyncToken = opaque.encode({ seq: upTo });
    return { status: 200, body };
  }

  private batchGet(r: FakeRequest): FakeResponse {
    const names = r.query.getAll('resourceNames');
    const personFields = r.query.get('personFields');
    if (!personFields) return gError(400, 'INVALID_ARGUMENT', 'personFields mask is required.');
    if (names.length > 200) return gError(400, 'INVALID_ARGUMENT', 'Too many resource names: at most 200.');
    const responses = names.map((n) => {
      const row = this.people.get(n);
      return row && !row.person.metadata.deleted
        ? { httpStatusCode: 200, person: this.project(row.person, personFields), requestedResourceName: n }
        : { httpStatusCode: 404, requestedResourceName: n, status: { code: 5, message: 'Requested entity was not found.' } };
    });
    return { status: 200, body: { responses } };
  }

  private search(r: FakeRequest): FakeResponse {
    const q = (r.query.get('query') ?? '').toLowerCase();
    const pageSize = Number(r.query.get('pageSize') ?? 10);
    if (pageSize > 30) return gError(400, 'INVALID_ARGUMENT', 'pageSize must be at most 30.');
    if (!r.query.get('readMask')) return gError(400, 'INVALID_ARGUMENT', 'readMask is required.');
    if (!q) return { status: 200, body: {} };
    const hits = this.live().filter(
      (p) =>
        p.emailAddresses?.some((e) => e.value.toLowerCase().startsWith(q)) ||
        p.phoneNumbers?.some((e) => e.value.startsWith(q)) ||
        p.names?.some((n) => `${n.givenName ?? ''} ${n.familyName ?? ''}`.toLowerCase().split(' ').some((w) => w && w.startsWith(q))),
    );
    return { status: 200, body: { results: hits.slice(0, pageSize).map((person) => ({ person: this.project(person, r.query.get('readMask')) })) } };
  }

  private batchCreate(r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as { contacts?: { contactPerson: Partial<GPerson> }[]; readMask?: string };
    if (!b.readMask) return gError(400, 'INVALID_ARGUMENT', 'readMask is required.');
    const contacts = b.contacts ?? [];
    if (contacts.length === 0 || contacts.length > 200) return gError(400, 'INVALID_ARGUMENT', 'contacts must hold between 1 and 200 entries.');
    const createdPeople = contacts.map(({ contactPerson }) => {
      const fields = Object.fromEntries(WRITABLE.filter((f) => contactPerson[f]).map((f) => [f, contactPerson[f]]));
      const person = this.seed(fields);
      return { httpStatusCode: 200, person: this.project(person, b.readMask!) };
    });
    return { status: 200, body: { createdPeople } };
  }

  private batchUpdate(r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as { contacts?: Record<string, Partial<GPerson>>; updateMask?: string; readMask?: string };
    if (!b.updateMask) return gError(400, 'INVALID_ARGUMENT', 'updateMask is required.');
    if (!b.readMask) return gError(400, 'INVALID_ARGUMENT', 'readMask is required.');
    const entries = Object.entries(b.contacts ?? {});
    if (entries.length === 0 || entries.length > 200) return gError(400, 'INVALID_ARGUMENT', 'contacts must hold between 1 and 200 entries.');
    const mask = b.updateMask.split(',') as Writable[];
    for (const [name, p] of entries) {
      const row = this.people.get(name);
      if (!row || row.person.metadata.deleted) return gError(404, 'NOT_FOUND', `Requested entity was not found: ${name}`);
      if (p.etag !== row.person.etag) return gError(400, 'FAILED_PRECONDITION', 'Request person.etag is different than the current person.etag. Clear local cache and get the latest person.');
    }
    const updateResult: Record<string, unknown> = {};
    for (const [name, p] of entries) {
      const patch: Partial<GPerson> = {};
      for (const f of mask) (patch as Record<string, unknown>)[f] = p[f];
      this.edit(name, patch);
      updateResult[name] = { httpStatusCode: 200, person: this.project(this.people.get(name)!.person, b.readMask) };
    }
    return { status: 200, body: { updateResult } };
  }

  private batchDelete(r: FakeRequest): FakeResponse {
    const names = ((r.body ?? {}) as { resourceNames?: string[] }).resourceNames ?? [];
    if (names.length > 500) return gError(400, 'INVALID_ARGUMENT', 'At most 500 resource names.');
    for (const n of names) if (this.people.has(n)) this.remove(n);
    return { status: 200, body: {} };
  }

  private createGroup(r: FakeRequest): FakeResponse {
    const name = ((r.body ?? {}) as { contactGroup?: { name?: string } }).contactGroup?.name;
    if (!name) return gError(400, 'INVALID_ARGUMENT', 'contactGroup.name is required.');
    if ([...this.groups.values()].some((g) => g.name === name)) return gError(409, 'ALREADY_EXISTS', 'Contact group name already exists.');
    return { status: 200, body: this.seedGroup(name) };
  }
}
