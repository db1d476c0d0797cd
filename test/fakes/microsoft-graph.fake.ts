import { randomBytes } from 'node:crypto';
import { FakeClock, opaque } from './fake-clock';
import { FakeServer, type FakeRequest, type FakeResponse } from './fake-server';
import { FakeOAuthServer } from './oauth-server.fake';

export interface GraphAddress {
  street?: string | null;
  city?: string | null;
  postalCode?: string | null;
  state?: string | null;
  countryOrRegion?: string | null;
}

/** A personal contact as Graph v1.0 returns it (the properties this fake keeps). */
export interface GraphContact {
  id: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  categories: string[];
  parentFolderId: string;
  givenName: string | null;
  surname: string | null;
  displayName: string | null;
  emailAddresses: { address: string; name: string }[];
  businessPhones: string[];
  homePhones: string[];
  mobilePhone: string | null;
  companyName: string | null;
  jobTitle: string | null;
  department: string | null;
  businessHomePage: string | null;
  businessAddress: GraphAddress;
  homeAddress: GraphAddress;
  otherAddress: GraphAddress;
  personalNotes: string | null;
}

interface Stored {
  contact: GraphContact;
  /** The change sequence number of its last change (delta rounds order by it). */
  seq: number;
}

interface Tombstone {
  id: string;
  folder: string;
  seq: number;
}

/** What a delta link or next link stands for. */
interface DeltaState {
  folder: string;
  /** When the link was handed out (state older than the fake's memory is gone: 410). */
  minted: number;
  /** The round already handed out every change up to this sequence number. */
  after: number;
  /** The first round of a folder: every contact, no deletions. */
  initial: boolean;
  select: string | null;
}

/** The Prefer header's page size Graph falls back to for contact delta, and its largest. */
export const GRAPH_DEFAULT_PAGE = 10;
export const GRAPH_MAX_PAGE = 1000;
export const GRAPH_MAX_EMAILS = 3;
export const DEFAULT_FOLDER = 'AAMkADefaultContactsFolder';

const WRITABLE = new Set([
  'categories', 'givenName', 'surname', 'displayName', 'emailAddresses', 'businessPhones', 'homePhones', 'mobilePhone', 'companyName',
  'jobTitle', 'department', 'businessHomePage', 'businessAddress', 'homeAddress', 'otherAddress', 'personalNotes',
]);
const STRING_PROPS = ['givenName', 'surname', 'displayName', 'mobilePhone', 'companyName', 'jobTitle', 'department', 'businessHomePage', 'personalNotes'];
const ADDRESS_PROPS = ['businessAddress', 'homeAddress', 'otherAddress'];
const ADDRESS_KEYS = new Set(['street', 'city', 'postalCode', 'state', 'countryOrRegion']);

/** Graph's error body (`ODataError`). */
export function graphError(status: number, code: string, message: string): FakeResponse {
  return { status, body: { error: { code, message, innerError: { date: new Date(0).toISOString(), 'request-id': randomBytes(8).toString('hex') } } } };
}

/**
 * A stateful fake of Microsoft Graph v1.0 for a mailbox's personal contacts, as Microsoft documents
 * them: Bearer access tokens that expire and the identity platform's token endpoint (authorization
 * code with PKCE, refresh tokens that rotate at each refresh); contact folders; contacts listed with
 * `$top`/`$skip`, `$select` and `$filter=emailAddresses/any(a:a/address eq '…')`, created, read,
 * PATCHed (collections and addresses replaced whole, at most three e-mail addresses, unknown or
 * read-only properties refused) and deleted; delta rounds per folder (`@odata.nextLink` until a page
 * carries `@odata.deltaLink`; later rounds give changed contacts and `@removed` deletions; a link
 * takes no other query option; `Prefer: odata.maxpagesize`; 410 for delta state it forgot).
 * Links point at `publicUrl` (Prism, in tests). Answers omit `@odata.context` and `@odata.etag`:
 * the description allows only objects as extra properties, so Prism would count those strings as
 * violations. Mount behind Prism (the description's paths have no `/v1.0` prefix).
 */
export class MicrosoftGraphFake {
  readonly server = new FakeServer();
  readonly clock = new FakeClock();
  readonly client = { id: 'ms-client', secret: 'ms-secret' };
  readonly accessTokens = new Set(['ms-access-0']);
  readonly refreshTokens = new Set(['ms-refresh-0']);
  readonly folders = new Map<string, { id: string; displayName: string; parentFolderId: string }>();
  readonly contacts = new Map<string, Stored>();
  readonly tombstones: Tombstone[] = [];
  /** How many refresh grants the token endpoint served. */
  refreshCount = 0;
  /** Where next and delta links point (Prism's address in tests); the fake's own address when unset. */
  publicUrl = '';
  /**
   * How PATCH answers: 204 with no body, as the description (Microsoft's SDK slice) declares, or 200
   * with the contact, as Graph itself does; the connector must take both.
   */
  patchAnswer: 200 | 204 = 204;
  /** Delta state minted before this sequence number is forgotten (410). */
  private deltaFloor = 0;
  private seq = 0;
  readonly oauth: FakeOAuthServer = new FakeOAuthServer({
    client: this.client,
    clientAuth: 'body',
    authorizePath: '/common/oauth2/v2.0/authorize',
    requiredScopes: ['offline_access', 'Contacts.ReadWrite'],
    pkce: true,
    issue: () => {
      const n = this.oauth.exchanges;
      this.accessTokens.add(`ms-access-code-${n}`);
      this.refreshTokens.add(`ms-refresh-code-${n}`);
      return { accessToken: `ms-access-code-${n}`, refreshToken: `ms-refresh-code-${n}`, extra: { scope: 'Contacts.ReadWrite', ext_expires_in: 3599 } };
    },
  });

  constructor() {
    const s = this.server;
    s.route('POST', '/common/oauth2/v2.0/token', (r) => this.token(r));
    this.oauth.mount(s);
    // Delta routes first: `/me/contacts/delta` would otherwise read as the contact "delta".
    s.route('GET', '/me/contacts/delta', (r) => this.guard(r, () => this.delta(r, DEFAULT_FOLDER)));
    s.route('GET', '/me/contactFolders/:folder/contacts/delta', (r) => this.guard(r, () => this.withFolder(r, (f) => this.delta(r, f))));
    s.route('GET', '/me/contacts', (r) => this.guard(r, () => this.list(r, DEFAULT_FOLDER)));
    s.route('POST', '/me/contacts', (r) => this.guard(r, () => this.create(r, DEFAULT_FOLDER)));
    s.route('GET', '/me/contactFolders/:folder/contacts', (r) => this.guard(r, () => this.withFolder(r, (f) => this.list(r, f))));
    s.route('POST', '/me/contactFolders/:folder/contacts', (r) => this.guard(r, () => this.withFolder(r, (f) => this.create(r, f))));
    s.route('GET', '/me/contacts/:id', (r) => this.guard(r, () => this.withContact(r, (c) => ({ status: 200, body: project(c.contact, r.query.get('$select')) }))));
    s.route('PATCH', '/me/contacts/:id', (r) => this.guard(r, () => this.withContact(r, (c) => this.update(c, r))));
    s.route('DELETE', '/me/contacts/:id', (r) => this.guard(r, () => this.withContact(r, (c) => (this.remove(c.contact.id), { status: 204 }))));
    s.route('GET', '/me/contactFolders', (r) => this.guard(r, () => this.listFolders(r)));
    s.route('GET', '/me/contactFolders/:folder', (r) => this.guard(r, () => this.withFolder(r, (f) => ({ status: 200, body: project({ ...this.folders.get(f)! }, r.query.get('$select')) }))));
  }

  /** A fresh mailbox: no contacts, no folders of its own, the initial tokens. */
  reset(): void {
    this.contacts.clear();
    this.folders.clear();
    this.tombstones.length = 0;
    this.server.clear();
    for (const set of [this.accessTokens, this.refreshTokens]) set.clear();
    this.accessTokens.add('ms-access-0');
    this.refreshTokens.add('ms-refresh-0');
    this.refreshCount = 0;
    this.patchAnswer = 204;
    this.deltaFloor = this.seq;
  }

  /** Adds a contacts folder under the default one; returns its id. */
  addFolder(displayName: string): string {
    const id = `AAMkFolder${randomBytes(6).toString('hex')}`;
    this.folders.set(id, { id, displayName, parentFolderId: DEFAULT_FOLDER });
    return id;
  }

  /** Adds a contact as an Outlook user would (default folder unless said). */
  seed(props: Partial<GraphContact>, folder = DEFAULT_FOLDER): GraphContact {
    const now = this.clock.tick();
    const contact: GraphContact = {
      id: `AAMkContact${randomBytes(8).toString('hex')}`,
      createdDateTime: now,
      lastModifiedDateTime: now,
      changeKey: randomBytes(6).toString('base64url'),
      categories: [],
      parentFolderId: folder,
      givenName: null,
      surname: null,
      displayName: null,
      emailAddresses: [],
      businessPhones: [],
      homePhones: [],
      mobilePhone: null,
      companyName: null,
      jobTitle: null,
      department: null,
      businessHomePage: null,
      businessAddress: {},
      homeAddress: {},
      otherAddress: {},
      personalNotes: null,
      ...props,
    };
    contact.displayName ??= this.displayNameOf(contact);
    this.contacts.set(contact.id, { contact, seq: ++this.seq });
    return contact;
  }

  /** Changes a contact as an Outlook user would. */
  edit(id: string, props: Partial<GraphContact>): GraphContact {
    const stored = this.contacts.get(id)!;
    Object.assign(stored.contact, props);
    this.touch(stored);
    return stored.contact;
  }

  /** Deletes a contact as an Outlook user would. */
  remove(id: string): void {
    const stored = this.contacts.get(id)!;
    this.contacts.delete(id);
    this.tombstones.push({ id, folder: stored.contact.parentFolderId, seq: ++this.seq });
  }

  /** The contacts of a folder. */
  live(folder = DEFAULT_FOLDER): GraphContact[] {
    return [...this.contacts.values()].filter((s) => s.contact.parentFolderId === folder).map((s) => s.contact);
  }

  byEmail(email: string): GraphContact | undefined {
    return [...this.contacts.values()].map((s) => s.contact).find((c) => c.emailAddresses[0]?.address.toLowerCase() === email.toLowerCase());
  }

  /** Makes every access token invalid (as when they expire after an hour). */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** Forgets every delta state handed out so far, as Graph does after a while. */
  forgetDeltaState(): void {
    this.deltaFloor = ++this.seq;
  }

  private get linkRoot(): string {
    return this.publicUrl || this.server.url;
  }

  private displayNameOf(c: Pick<GraphContact, 'givenName' | 'surname' | 'emailAddresses'>): string {
    return [c.givenName, c.surname].filter(Boolean).join(' ') || c.emailAddresses[0]?.address || '';
  }

  private touch(stored: Stored): void {
    stored.contact.lastModifiedDateTime = this.clock.tick();
    stored.contact.changeKey = randomBytes(6).toString('base64url');
    stored.seq = ++this.seq;
  }

  private token(r: FakeRequest): FakeResponse {
    const form = new URLSearchParams(typeof r.body === 'string' ? r.body : '');
    if (form.get('grant_type') === 'authorization_code') return this.oauth.exchange(r);
    const error = (status: number, code: string, description: string) => ({ status, body: { error: code, error_description: description, error_codes: [70000], timestamp: this.clock.iso() } });
    if (form.get('grant_type') !== 'refresh_token') return error(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.');
    if (form.get('client_id') !== this.client.id || form.get('client_secret') !== this.client.secret) return error(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    const old = form.get('refresh_token') ?? '';
    if (!this.refreshTokens.has(old)) return error(400, 'invalid_grant', 'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.');
    this.refreshCount++;
    // Microsoft hands out a new refresh token with every refresh; the old one is no longer honoured here.
    this.refreshTokens.delete(old);
    const access = `ms-access-${this.refreshCount}`;
    const refresh = `ms-refresh-${this.refreshCount}`;
    this.accessTokens.add(access);
    this.refreshTokens.add(refresh);
    return { status: 200, body: { token_type: 'Bearer', scope: 'Contacts.ReadWrite', expires_in: 3599, ext_expires_in: 3599, access_token: access, refresh_token: refresh } };
  }

  private guard(r: FakeRequest, next: () => FakeResponse): FakeResponse {
    const bearer = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
    if (!bearer || !this.accessTokens.has(bearer)) return graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.');
    return next();
  }

  private withFolder(r: FakeRequest, next: (folder: string) => FakeResponse): FakeResponse {
    const folder = r.params.folder!;
    if (folder !== DEFAULT_FOLDER && !this.folders.has(folder)) return graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return next(folder);
  }

  private withContact(r: FakeRequest, next: (c: Stored) => FakeResponse): FakeResponse {
    const c = this.contacts.get(r.params.id!);
    return c ? next(c) : graphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  }

  private pageSize(r: FakeRequest): number | FakeResponse {
    const prefer = /odata\.maxpagesize=(\d+)/.exec(String(r.headers.prefer ?? ''))?.[1];
    const top = r.query.get('$top');
    const n = Number(top ?? prefer ?? GRAPH_DEFAULT_PAGE);
    if (!Number.isInteger(n) || n < 1) return graphError(400, 'BadRequest', 'The page size must be a positive whole number.');
    return Math.min(n, GRAPH_MAX_PAGE);
  }

  private delta(r: FakeRequest, folder: string): FakeResponse {
    const size = this.pageSize(r);
    if (typeof size !== 'number') return size;
    const tokenText = r.query.get('$skiptoken') ?? r.query.get('$deltatoken');
    let state: DeltaState;
    if (tokenText !== null) {
      // The links carry the round's query options; Graph takes no other alongside them.
      const others = [...r.query.keys()].filter((k) => k !== '$skiptoken' && k !== '$deltatoken');
      if (others.length) return graphError(400, 'BadRequest', `Query option ${others[0]} cannot be combined with a delta or skip token.`);
      const t = opaque.decode<DeltaState>(tokenText);
      if (!t || t.folder !== folder) return graphError(400, 'BadRequest', 'The delta or skip token is not valid for this resource.');
      if (t.minted < this.deltaFloor) return graphError(410, 'SyncStateNotFound', 'The sync state generation is not found; start a full synchronization.');
      state = t;
    } else {
      if (r.query.has('$filter') || r.query.has('$orderby')) return graphError(400, 'BadRequest', 'Contact delta supports $select only.');
      state = { folder, minted: this.seq, after: 0, initial: true, select: r.query.get('$select') };
    }
    const items: { seq: number; body: Record<string, unknown> }[] = [];
    for (const s of this.contacts.values()) {
      if (s.contact.parentFolderId === folder && s.seq > state.after) items.push({ seq: s.seq, body: project(s.contact, state.select) });
    }
    if (!state.initial) {
      for (const t of this.tombstones) if (t.folder === folder && t.seq > state.after) items.push({ seq: t.seq, body: { id: t.id, '@removed': { reason: 'deleted' } } });
    }
    items.sort((a, b) => a.seq - b.seq);
    const page = items.slice(0, size);
    const path = folder === DEFAULT_FOLDER ? '/me/contacts/delta' : `/me/contactFolders/${folder}/contacts/delta`;
    const body: Record<string, unknown> = { value: page.map((i) => i.body) };
    if (items.length > size) {
      body['@odata.nextLink'] = `${this.linkRoot}${path}?$skiptoken=${opaque.encode({ ...state, minted: this.seq, after: page.at(-1)!.seq })}`;
    } else {
      const next: DeltaState = { folder, minted: this.seq, after: this.seq, initial: false, select: state.select };
      body['@odata.deltaLink'] = `${this.linkRoot}${path}?$deltatoken=${opaque.encode(next)}`;
    }
    return { status: 200, body, headers: { 'preference-applied': `odata.maxpagesize=${size}` } };
  }

  private list(r: FakeRequest, folder: string): FakeResponse {
    const size = this.pageSize(r);
    if (typeof size !== 'number') return size;
    const skip = Number(r.query.get('$skip') ?? 0);
    let rows = this.live(folder);
    const filter = r.query.get('$filter');
    if (filter !== null) {
      // The one filter Sluice sends: any e-mail address equal to a literal (Outlook compares without case).
      const m = /^emailAddresses\/any\((\w+):\1\/address eq '((?:[^']|'')*)'\)$/.exec(filter);
      if (!m) return graphError(400, 'ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');
      const wanted = m[2]!.replace(/''/g, "'").toLowerCase();
      rows = rows.filter((c) => c.emailAddresses.some((e) => e.address.toLowerCase() === wanted));
    }
    const body: Record<string, unknown> = { value: rows.slice(skip, skip + size).map((c) => project(c, r.query.get('$select'))) };
    if (rows.length > skip + size) {
      const next = new URLSearchParams(r.query);
      next.set('$skip', String(skip + size));
      body['@odata.nextLink'] = `${this.linkRoot}${r.path}?${next.toString()}`;
    }
    return { status: 200, body };
  }

  private listFolders(r: FakeRequest): FakeResponse {
    const size = this.pageSize(r);
    if (typeof size !== 'number') return size;
    const skip = Number(r.query.get('$skip') ?? 0);
    const rows = [...this.folders.values()];
    const body: Record<string, unknown> = { value: rows.slice(skip, skip + size).map((f) => project({ ...f }, r.query.get('$select'))) };
    if (rows.length > skip + size) {
      const next = new URLSearchParams(r.query);
      next.set('$skip', String(skip + size));
      body['@odata.nextLink'] = `${this.linkRoot}/me/contactFolders?${next.toString()}`;
    }
    return { status: 200, body };
  }

  /** A contact body checked as Graph checks it: known, writable properties of the right shapes. */
  private check(body: unknown): string | undefined {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return 'The request body must be a contact object.';
    for (const [k, v] of Object.entries(body)) {
      if (!WRITABLE.has(k)) return `The property '${k}' does not exist on type 'microsoft.graph.contact' or cannot be written.`;
      if (STRING_PROPS.includes(k) && v !== null && typeof v !== 'string') return `Cannot convert the literal for '${k}' to a string.`;
      if ((k === 'categories' || k === 'businessPhones' || k === 'homePhones') && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) return `'${k}' must be a collection of strings.`;
      if (k === 'emailAddresses') {
        if (!Array.isArray(v) || v.some((e) => !e || typeof e !== 'object' || typeof (e as { address?: unknown }).address !== 'string')) return 'emailAddresses must be a collection of emailAddress.';
        if (v.length > GRAPH_MAX_EMAILS) return `A contact holds at most ${GRAPH_MAX_EMAILS} e-mail addresses.`;
      }
      if (ADDRESS_PROPS.includes(k) && (!v || typeof v !== 'object' || Object.keys(v).some((x) => !ADDRESS_KEYS.has(x)))) return `'${k}' must be a physicalAddress.`;
    }
    return undefined;
  }

  private apply(c: GraphContact, body: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(body)) {
      // Collections and complex values are replaced whole, as Graph does on PATCH.
      (c as unknown as Record<string, unknown>)[k] = k === 'emailAddresses' ? (v as { address: string; name?: string }[]).map((e) => ({ address: e.address, name: e.name ?? e.address })) : v;
    }
    if (!('displayName' in body)) c.displayName = this.displayNameOf(c);
  }

  private create(r: FakeRequest, folder: string): FakeResponse {
    const bad = this.check(r.body);
    if (bad) return graphError(400, 'ErrorInvalidArgument', bad);
    const c = this.seed({}, folder);
    this.apply(c, r.body as Record<string, unknown>);
    return { status: 201, body: c };
  }

  private update(s: Stored, r: FakeRequest): FakeResponse {
    const bad = this.check(r.body);
    if (bad) return graphError(400, 'ErrorInvalidArgument', bad);
    this.apply(s.contact, r.body as Record<string, unknown>);
    this.touch(s);
    return this.patchAnswer === 200 ? { status: 200, body: s.contact } : { status: 204 };
  }
}

/** Keeps `id` and the `$select`ed properties, as Graph does. */
function project(c: object, select: string | null): Record<string, unknown> {
  const all = c as Record<string, unknown>;
  if (!select) return { ...all };
  const keep = new Set(['id', ...select.split(',').map((s) => s.trim())]);
  return Object.fromEntries(Object.entries(all).filter(([k]) => keep.has(k)));
}
