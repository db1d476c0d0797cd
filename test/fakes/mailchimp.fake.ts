import { randomBytes } from 'node:crypto';
import { FakeClock } from './fake-clock';
import { FakeServer, type FakeRequest, type FakeResponse } from './fake-server';
import { checkMerge, hashOf, MC_MAX_BATCH, MC_MAX_COUNT, problem, project, setStatus, STATUSES, type Audience, type McMember, type McMergeField, type McStatus, type MergeValue } from './mailchimp.records';
import { FakeOAuthServer } from './oauth-server.fake';

export { hashOf, MC_MAX_BATCH, MC_MAX_COUNT, type McMember, type McMergeField, type McStatus } from './mailchimp.records';

export class MailchimpFake {
  readonly server = new FakeServer();
  readonly clock = new FakeClock();
  readonly lists = new Map<string, Audience>();
  /** Keys the fake accepts; each key's data centre is its ending. */
  readonly apiKeys = new Set(['mc-key-us6', 'mc-key-2-us6']);
  readonly oauthTokens = new Set(['mc-oauth']);
  readonly oauthClient = { id: 'mc-client', secret: 'mc-secret' };
  /** Mailchimp's authorization server: no scopes, client credentials in the body, no PKCE. */
  readonly oauth: FakeOAuthServer = new FakeOAuthServer({
    client: this.oauthClient,
    clientAuth: 'body',
    authorizePath: '/oauth2/authorize',
    requiredScopes: [],
    pkce: false,
    issue: () => {
      const token = `mc-oauth-code-${this.oauth.exchanges}`;
      this.oauthTokens.add(token);
      // Mailchimp's tokens do not expire and come without a refresh token.
      return { accessToken: token, refreshToken: '' };
    },
  });
  private nextWebId = 1000;
  private nextTagId = 1;
  private readonly tagIds = new Map<string, number>();

  constructor() {
    const s = this.server;
    s.route('GET', '/oauth2/metadata', (r) => this.metadata(r));
    s.route('POST', '/oauth2/token', (r) => this.oauth.exchange(r));
    this.oauth.mount(s);
    s.route('GET', '/ping', (r) => this.guard(r, () => ({ status: 200, body: { health_status: "Everything's Chimpy!" } })));
    s.route('GET', '/lists', (r) => this.guard(r, () => this.listLists(r)));
    s.route('GET', '/lists/:list', (r) => this.guard(r, () => this.withList(r, (l) => ({ status: 200, body: project(this.listBody(l), r.query.get('fields')) }))));
    s.route('POST', '/lists/:list', (r) => this.guard(r, () => this.withList(r, (l) => this.batchSubscribe(l, r))));
    s.route('GET', '/lists/:list/members', (r) => this.guard(r, () => this.withList(r, (l) => this.listMembers(l, r))));
    s.route('GET', '/lists/:list/members/:hash', (r) => this.guard(r, () => this.withMember(r, (_l, m) => ({ status: 200, body: project({ ...m }, r.query.get('fields')) }))));
    s.route('PUT', '/lists/:list/members/:hash', (r) => this.guard(r, () => this.withList(r, (l) => this.upsert(l, r))));
    s.route('PATCH', '/lists/:list/members/:hash', (r) => this.guard(r, () => this.withMember(r, (_l, m) => this.update(m, r))));
    s.route('DELETE', '/lists/:list/members/:hash', (r) => this.guard(r, () => this.withMember(r, (_l, m) => (this.archive(m), { status: 204 }))));
    s.route('GET', '/lists/:list/members/:hash/tags', (r) => this.guard(r, () => this.withMember(r, (_l, m) => ({ status: 200, body: { tags: m.tags.map((t) => ({ ...t, date_added: m.last_changed })), total_items: m.tags.length } }))));
    s.route('POST', '/lists/:list/members/:hash/tags', (r) => this.guard(r, () => this.withMember(r, (_l, m) => this.setTags(m, r))));
    s.route('GET', '/lists/:list/merge-fields', (r) => this.guard(r, () => this.withList(r, (l) => this.listMergeFields(l, r))));
  }

  /** Empties the account: no audiences, the default keys and tokens. */
  reset(): void {
    this.lists.clear();
    this.server.clear();
    this.apiKeys.clear();
    for (const k of ['mc-key-us6', 'mc-key-2-us6']) this.apiKeys.add(k);
  }

  /** Adds an audience with Mailchimp's default merge fields (FNAME, LNAME, ADDRESS, PHONE, BIRTHDAY). */
  addList(name: string, id = randomBytes(5).toString('hex')): string {
    const list: Audience = { id, name, web_id: this.nextWebId++, date_created: this.stamp(), members: new Map(), mergeFields: [] };
    this.lists.set(id, list);
    for (const [tag, fieldName, type] of [
      ['FNAME', 'First Name', 'text'],
      ['LNAME', 'Last Name', 'text'],
      ['ADDRESS', 'Address', 'address'],
      ['PHONE', 'Phone Number', 'phone'],
      ['BIRTHDAY', 'Birthday', 'birthday'],
    ] as const) {
      this.addMergeField(id, tag, fieldName, type);
    }
    return id;
  }

  addMergeField(listId: string, tag: string, name: string, type: McMergeField['type'], choices?: string[]): McMergeField {
    const list = this.lists.get(listId)!;
    const field: McMergeField = {
      merge_id: list.mergeFields.length + 1,
      tag,
      name,
      type,
      required: false,
      default_value: '',
      public: true,
      display_order: list.mergeFields.length + 1,
      options: choices ? { choices } : type === 'text' ? { size: 25 } : {},
      help_text: '',
      list_id: listId,
    };
    list.mergeFields.push(field);
    return field;
  }

  /** Adds a member directly (as a sign-up form would). */
  seed(listId: string, m: { email: string; status?: McStatus; merge?: Record<string, MergeValue>; tags?: string[] }): McMember {
    const list = this.lists.get(listId)!;
    const member = this.newMember(list, m.email, m.status ?? 'subscribed', m.merge ?? {});
    for (const t of m.tags ?? []) member.tags.push({ id: this.tagId(t), name: t });
    member.tags_count = member.tags.length;
    list.members.set(member.id, member);
    return member;
  }

  /** Changes a member as a Mailchimp user would (moves `last_changed` on by `seconds`; 0 keeps the second). */
  touch(listId: string, hash: string, patch: { status?: McStatus; merge?: Record<string, MergeValue>; email?: string }, seconds = 1): McMember {
    const list = this.lists.get(listId)!;
    const m = list.members.get(hash)!;
    if (patch.merge) m.merge_fields = { ...m.merge_fields, ...patch.merge };
    if (patch.status) m.status = patch.status;
    if (patch.email) this.changeEmail(list, m, patch.email);
    m.full_name = this.fullName(m);
    m.last_changed = this.stamp(seconds);
    return m;
  }

  /** Every member of an audience that is not archived. */
  live(listId: string): McMember[] {
    return [...this.lists.get(listId)!.members.values()].filter((m) => m.status !== 'archived');
  }

  member(listId: string, email: string): McMember | undefined {
    return this.lists.get(listId)?.members.get(hashOf(email));
  }

  private stamp(seconds = 1): string {
    return this.clock.tick(seconds).replace('Z', '+00:00');
  }

  private tagId(name: string): number {
    const key = name.toLowerCase();
    if (!this.tagIds.has(key)) this.tagIds.set(key, this.nextTagId++);
    return this.tagIds.get(key)!;
  }

  private fullName(m: McMember): string {
    return [m.merge_fields.FNAME, m.merge_fields.LNAME].filter((x) => typeof x === 'string' && x).join(' ');
  }

  private newMember(list: Audience, email: string, status: McStatus, merge: Record<string, MergeValue>): McMember {
    const now = this.stamp();
    const m: McMember = {
      id: hashOf(email),
      email_address: email.trim(),
      unique_email_id: randomBytes(5).toString('hex'),
      contact_id: randomBytes(16).toString('hex'),
      full_name: '',
      web_id: this.nextWebId++,
      email_type: 'html',
      status,
      merge_fields: { FNAME: '', LNAME: '', ADDRESS: '', PHONE: '', BIRTHDAY: '', ...merge },
      stats: { avg_open_rate: 0, avg_click_rate: 0 },
      member_rating: 2,
      last_changed: now,
      timestamp_signup: now,
      language: '',
      vip: false,
      source: 'API - Generic',
      tags_count: 0,
      tags: [],
      list_id: list.id,
    };
    m.full_name = this.fullName(m);
    return m;
  }

  private changeEmail(list: Audience, m: McMember, email: string): void {
    list.members.delete(m.id);
    m.email_address = email.trim();
    m.id = hashOf(email);
    list.members.set(m.id, m);
  }

  private metadata(r: FakeRequest): FakeResponse {
    const token = /^OAuth (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
    if (!token || !this.oauthTokens.has(token)) return { status: 401, body: { error: 'invalid_token', error_description: 'Invalid token' } };
    return { status: 200, body: { dc: 'us6', role: 'owner', accountname: 'Fake Co', user_id: 1, login_url: 'https://login.mailchimp.com', api_endpoint: 'https://us6.api.mailchimp.com' } };
  }

  private guard(r: FakeRequest, next: () => FakeResponse): FakeResponse {
    const auth = String(r.headers.authorization ?? '');
    const basic = /^Basic (.+)$/.exec(auth)?.[1];
    const bearer = /^Bearer (.+)$/.exec(auth)?.[1];
    const key = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':') : bearer;
    if (!key || !(this.apiKeys.has(key) || this.oauthTokens.has(key))) {
      return problem(401, 'API Key Invalid', 'Your API key may be invalid, or you\'ve attempted to access the wrong datacenter.');
    }
    return next();
  }

  private withList(r: FakeRequest, next: (l: Audience) => FakeResponse): FakeResponse {
    const list = this.lists.get(r.params.list!);
    return list ? next(list) : problem(404, 'Resource Not Found', 'The requested resource could not be found.');
  }

  /** The member at a subscriber hash, an email address or a contact id (Mailchimp takes all three). */
  private withMember(r: FakeRequest, next: (l: Audience, m: McMember) => FakeResponse): FakeResponse {
    return this.withList(r, (l) => {
      const key = r.params.hash!;
      const m = l.members.get(key) ?? l.members.get(hashOf(key)) ?? [...l.members.values()].find((x) => x.contact_id === key);
      return m ? next(l, m) : problem(404, 'Resource Not Found', 'The requested resource could not be found.');
    });
  }

  private page(r: FakeRequest): { count: number; offset: number } | FakeResponse {
    const count = Number(r.query.get('count') ?? 10);
    const offset = Number(r.query.get('offset') ?? 0);
    if (!(count >= 0 && count <= MC_MAX_COUNT) || !(offset >= 0)) return problem(400, 'Invalid Resource', `count must be between 0 and ${MC_MAX_COUNT}.`);
    return { count, offset };
  }

  private listBody(l: Audience) {
    const members = [...l.members.values()];
    return {
      id: l.id,
      web_id: l.web_id,
      name: l.name,
      date_created: l.date_created,
      double_optin: false,
      stats: { member_count: members.filter((m) => m.status === 'subscribed').length, unsubscribe_count: members.filter((m) => m.status === 'unsubscribed').length, cleaned_count: members.filter((m) => m.status === 'cleaned').length },
    };
  }

  private listLists(r: FakeRequest): FakeResponse {
    const p = this.page(r);
    if ('status' in p) return p;
    const all = [...this.lists.values()];
    return { status: 200, body: project({ lists: all.slice(p.offset, p.offset + p.count).map((l) => this.listBody(l)), total_items: all.length }, r.query.get('fields')) };
  }

  private listMembers(l: Audience, r: FakeRequest): FakeResponse {
    const p = this.page(r);
    if ('status' in p) return p;
    const status = r.query.get('status');
    const since = r.query.get('since_last_changed');
    const before = r.query.get('before_last_changed');
    const t = (s: string) => Date.parse(s);
    let rows = [...l.members.values()].filter((m) => (status ? m.status === status : m.status !== 'archived'));
    if (since) rows = rows.filter((m) => t(m.last_changed) > t(since));
    if (before) rows = rows.filter((m) => t(m.last_changed) < t(before));
    if (r.query.get('sort_field') === 'last_changed') {
      const dir = r.query.get('sort_dir') === 'DESC' ? -1 : 1;
      // A stable sort: members changed in the same second keep the order they were added in.
      rows = rows.map((m, i) => ({ m, i })).sort((a, b) => (t(a.m.last_changed) - t(b.m.last_changed)) * dir || a.i - b.i).map((x) => x.m);
    }
    return { status: 200, body: project({ members: rows.slice(p.offset, p.offset + p.count), list_id: l.id, total_items: rows.length }, r.query.get('fields')) };
  }

  private listMergeFields(l: Audience, r: FakeRequest): FakeResponse {
    const p = this.page(r);
    if ('status' in p) return p;
    return { status: 200, body: { merge_fields: l.mergeFields.slice(p.offset, p.offset + p.count), list_id: l.id, total_items: l.mergeFields.length } };
  }

  private batchSubscribe(l: Audience, r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as { members?: { email_address?: string; status?: string; merge_fields?: unknown }[]; update_existing?: boolean };
    const members = b.members ?? [];
    if (members.length > MC_MAX_BATCH) return problem(400, 'Invalid Resource', `You can only add ${MC_MAX_BATCH} members at a time.`);
    const created: McMember[] = [];
    const updated: McMember[] = [];
    const errors: { email_address: string; error: string; error_code: string; field: string; field_message: string }[] = [];
    const fail = (email: string, error: string, code = 'ERROR_GENERIC') => errors.push({ email_address: email, error, error_code: code, field: '', field_message: '' });
    for (const input of members) {
      const email = (input.email_address ?? '').trim();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        fail(email, `${email} looks fake or invalid, please enter a real email address.`);
        continue;
      }
      const bad = checkMerge(l, input.merge_fields) ?? (input.status && STATUSES.includes(input.status) ? undefined : 'status is required');
      if (bad) {
        fail(email, bad);
        continue;
      }
      const existing = l.members.get(hashOf(email));
      if (existing && existing.status !== 'archived') {
        if (!b.update_existing) {
          fail(email, `${email} is already a list member. Use PUT to insert or update list members.`, 'ERROR_CONTACT_EXISTS');
          continue;
        }
        const refused = setStatus(existing, input.status);
        if (refused) {
          fail(email, refused);
          continue;
        }
        existing.merge_fields = { ...existing.merge_fields, ...(input.merge_fields as Record<string, MergeValue>) };
        existing.last_changed = this.stamp();
        updated.push(existing);
        continue;
      }
      const m = this.newMember(l, email, input.status as McStatus, (input.merge_fields ?? {}) as Record<string, MergeValue>);
      l.members.set(m.id, m);
      created.push(m);
    }
    return { status: 200, body: { new_members: created, updated_members: updated, errors, total_created: created.length, total_updated: updated.length, error_count: errors.length } };
  }

  private upsert(l: Audience, r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as { email_address?: string; status_if_new?: string; status?: string; merge_fields?: unknown };
    if (!b.email_address || !b.status_if_new) return problem(400, 'Invalid Resource', 'email_address and status_if_new are required.');
    const bad = checkMerge(l, b.merge_fields);
    if (bad) return problem(400, 'Invalid Resource', bad);
    const key = r.params.hash!;
    const existing = l.members.get(key) ?? [...l.members.values()].find((x) => x.contact_id === key);
    if (!existing && key !== hashOf(b.email_address)) return problem(400, 'Invalid Resource', 'The subscriber hash does not match the email address.');
    if (!existing || existing.status === 'archived') {
      if (!STATUSES.includes(b.status_if_new)) return problem(400, 'Invalid Resource', 'status_if_new is not a status.');
      const m = this.newMember(l, b.email_address, (b.status ?? b.status_if_new) as McStatus, (b.merge_fields ?? {}) as Record<string, MergeValue>);
      if (existing) Object.assign(m, { contact_id: existing.contact_id, tags: existing.tags, tags_count: existing.tags_count });
      l.members.set(m.id, m);
      return { status: 200, body: m };
    }
    return this.update(existing, r);
  }

  private update(m: McMember, r: FakeRequest): FakeResponse {
    const l = this.lists.get(m.list_id)!;
    const b = (r.body ?? {}) as { email_address?: string; status?: string; merge_fields?: unknown };
    const bad = checkMerge(l, b.merge_fields);
    if (bad) return problem(400, 'Invalid Resource', bad);
    const refused = setStatus(m, b.status);
    if (refused) return problem(400, 'Member In Compliance State', refused);
    if (b.merge_fields) m.merge_fields = { ...m.merge_fields, ...(b.merge_fields as Record<string, MergeValue>) };
    if (b.email_address && b.email_address.trim().toLowerCase() !== m.email_address.toLowerCase()) {
      if (l.members.has(hashOf(b.email_address))) return problem(400, 'Member Exists', `${b.email_address} is already a list member.`);
      this.changeEmail(l, m, b.email_address);
    }
    m.full_name = this.fullName(m);
    m.last_changed = this.stamp();
    return { status: 200, body: m };
  }

  private archive(m: McMember): void {
    m.status = 'archived';
    m.last_changed = this.stamp();
  }

  private setTags(m: McMember, r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as { tags?: { name?: string; status?: string }[] };
    if (!Array.isArray(b.tags)) return problem(400, 'Invalid Resource', 'tags is required.');
    for (const t of b.tags) {
      if (!t.name || (t.status !== 'active' && t.status !== 'inactive')) return problem(400, 'Invalid Resource', 'Each tag needs a name and a status of active or inactive.');
      const has = m.tags.findIndex((x) => x.name.toLowerCase() === t.name!.toLowerCase());
      if (t.status === 'active' && has < 0) m.tags.push({ id: this.tagId(t.name), name: t.name });
      if (t.status === 'inactive' && has >= 0) m.tags.splice(has, 1);
    }
    m.tags_count = m.tags.length;
    m.last_changed = this.stamp();
    return { status: 204 };
  }
}
