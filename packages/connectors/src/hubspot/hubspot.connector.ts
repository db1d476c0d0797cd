import { createHash } from 'node:crypto';
import { type Contact, type Deals, type FieldCatalog, type FieldDef } from '@sluice/graph';
import { UserError } from '@sluice/core';
import type { ChangePage, ChangesOptions, Connector, ConnectorContext, ContactWrite, WriteResult } from '@sluice/engine';
import { createHttpClient } from '../http/http-client';
import { OAuthRefresher } from '../google/oauth-refresher';
import type { HttpDeps } from '../pipedrive/pipedrive.connector';
import { hubspotApp, hubspotFields } from './hubspot.app';
import { hubspotOAuth } from './hubspot.oauth';
import { HS_PROPERTY, HS_SYSTEM, hsToContact, summarizeHsDeals, writeToProperties } from './hubspot.mapping';
import { type HsObject, type HsProperty, hsAssociationsSchema, hsBatchSchema, hsListByNameSchema, hsMembershipChangeSchema, hsListSchema, hsListsSchema, hsMembershipsSchema, hsPropertiesSchema, hsSearchSchema } from './hubspot.schemas';

/** Where one pass of `changes()` stands. */
interface HsCursor {
  /** main: lastmodifieddate > t (all when absent); tie: lastmodifieddate = t and id > `id`; archived: deletions. */
  phase: 'main' | 'tie' | 'archived';
  t?: number;
  id?: string;
  after?: string;
  /** Newest lastmodifieddate delivered in this pass (epoch ms). */
  last?: number;
  /** Deletions (archivedAt) already reported up to this instant; absent on the first pass. */
  delSince?: string;
  delTop?: string;
}

/** CRM search answers at most 10,000 results per query; paging past it is a 400. */
const SEARCH_CAP = 10_000;
const AUTH_HELP = 'Create or rotate the private app token in HubSpot (Settings → Integrations → Private apps) and paste it in the connection, or reconnect with OAuth.';

/**
 * HubSpot-defined choice properties a CRM admin maps (value tables between stages and statuses),
 * read and written as `custom.<name>` like the portal's own properties.
 */
const HS_CHOICE_PROPERTIES = new Set(['lifecyclestage', 'hs_lead_status']);

/** The properties Sluice offers as `custom.*`: the portal's own, and the HubSpot-defined choices above. Pure. */
const isCustom = (p: HsProperty): boolean => !p.hubspotDefined || HS_CHOICE_PROPERTIES.has(p.name);

/** An enumeration's visible choices as the field's options (the values the API takes). Pure. */
function optionsOf(p: HsProperty): { options?: string[] } {
  const options = (p.options ?? []).filter((o) => !o.hidden).map((o) => o.value);
  return p.type === 'enumeration' && options.length > 0 ? { options } : {};
}

/**
 * The HubSpot connector (CRM v3 contacts): standard and custom properties (live from the properties
 * API, with types and read-only flags), owner, email opt-out, list memberships (with `readLists`).
 * Reads go through CRM search sorted by `lastmodifieddate`; past the 10,000-result window it narrows
 * the query to the last timestamp and pages that instant by record id, so no contact is skipped.
 * Deletions come from the archived listing. Writes: batch upsert by email, batch update by id,
 * batch create (100 each). Auth: private-app token or OAuth (Bearer), refreshed when it expires.
 * Deal counts come from the contact's associated deals (`includeDeals`, default true).
 * Config: `baseUrl` (default `https://api.hubapi.com`), `readLists`, `searchLagMs` (overlap that
 * covers HubSpot's search indexing delay, default 10 s), `tokenUrl`.
 */
export function createHubSpotConnector(context: ConnectorContext, deps: HttpDeps = {}): Connector {
  const cred = context.credential ?? {};
  const token = cred.accessToken ?? cred.privateAppToken ?? cred.apiKey;
  if (!token) throw new UserError('E_CONFIG', `HubSpot needs a private app token. ${AUTH_HELP}`);
  // `apiBaseUrl` in the credential: the operator's API URL override (SLUICE_HUBSPOT_API_URL) at consent time.
  const baseUrl = String(context.config.baseUrl ?? cred.apiBaseUrl ?? 'https://api.hubapi.com');
  const readLists = context.config.readLists === true;
  const includeDeals = context.config.includeDeals !== false;
  const lagMs = Number(context.config.searchLagMs ?? 10_000);
  const auth = new OAuthRefresher({
    appName: 'HubSpot',
    tokenUrl: String(context.config.tokenUrl ?? hubspotOAuth.tokenUrl),
    credential: { accessToken: token, refreshToken: cred.refreshToken, expiresAt: cred.expiresAt, clientId: cred.clientId, clientSecret: cred.clientSecret },
    onRefresh: context.onCredentialRefresh,
    reconnectHelp: 'Reconnect HubSpot in the connection settings.',
    clock: deps.clock,
    fetch: deps.fetch,
    allowPrivateUrls: deps.allowPrivateUrls,
  });
  const account = createHash('sha256').update(cred.refreshToken ?? token).digest('hex').slice(0, 16);
  const app = { id: 'hubspot', name: 'HubSpot', authHelp: AUTH_HELP };
  const headers = () => auth.headers();
  // Private apps get 100-190 requests per 10 s (X-HubSpot-RateLimit-* refine it); search has its own
  // limit of 5 requests per second per account and sends no rate-limit headers.
  const http = createHttpClient({ app, baseUrl, account, headers, budget: { capacity: 10, refillPerSecond: 9 }, ...deps });
  const searchHttp = createHttpClient({ app, baseUrl, account: `${account}:search`, headers, budget: { capacity: 4, refillPerSecond: 4 }, ...deps });
  const call = <T>(fn: () => Promise<T>) => auth.withToken(fn);

  let props: HsProperty[] | undefined;
  const listNames = new Map<string, string>();
  const listsByName = new Map<string, { listId: string; manual: boolean }>();

  /** A list by name; a missing one is created as a MANUAL list when `create`. */
  async function listNamed(name: string, create: boolean, signal?: AbortSignal) {
    const key = name.toLowerCase();
    const known = listsByName.get(key);
    if (known) return known;
    let list: { listId: string; name: string; processingType?: string | null } | undefined;
    try {
      list = (await call(() => http.get(`/crm/v3/lists/object-type-id/0-1/name/${encodeURIComponent(name)}`, { schema: hsListByNameSchema, signal }))).list;
    } catch (error) {
      const status = (error as { details?: { status?: number } }).details?.status;
      if (status !== 404) throw error;
      if (!create) return undefined;
      list = (await call(() => http.post('/crm/v3/lists', { name, objectTypeId: '0-1', processingType: 'MANUAL' }, { schema: hsListByNameSchema, signal }))).list;
    }
    const info = { listId: list.listId, manual: list.processingType !== 'DYNAMIC' };
    listsByName.set(key, info);
    listNames.set(list.listId, list.name);
    return info;
  }

  /**
   * Brings list memberships in line with the written `lists`: adds to (creating) MANUAL lists and
   * removes from them; DYNAMIC lists decide membership themselves and are left alone.
   */
  async function applyLists(changes: { id: string; current: readonly string[]; wanted: readonly string[] }[], signal?: AbortSignal): Promise<void> {
    const perList = new Map<string, { add: string[]; remove: string[] }>();
    for (const c of changes) {
      const has = new Set(c.current.map((l) => l.toLowerCase()));
      const want = new Set(c.wanted.map((l) => l.toLowerCase()));
      for (const name of c.wanted.filter((l) => !has.has(l.toLowerCase()))) {
        const list = await listNamed(name, true, signal);
        if (!list?.manual) continue;
        (perList.get(list.listId) ?? perList.set(list.listId, { add: [], remove: [] }).get(list.listId)!).add.push(c.id);
      }
      for (const name of c.current.filter((l) => !want.has(l.toLowerCase()))) {
        const list = await listNamed(name, false, signal);
        if (!list?.manual) continue;
        (perList.get(list.listId) ?? perList.set(list.listId, { add: [], remove: [] }).get(list.listId)!).remove.push(c.id);
      }
    }
    for (const [listId, { add, remove }] of perList) {
      await call(() =>
        http.put(`/crm/v3/lists/${listId}/memberships/add-and-remove`, { recordIdsToAdd: add, recordIdsToRemove: remove }, { schema: hsMembershipChangeSchema, signal }),
      );
    }
  }

  async function properties(signal?: AbortSignal): Promise<HsProperty[]> {
    return (props ??= (await call(() => http.get('/crm/v3/properties/contacts', { schema: hsPropertiesSchema, signal }))).results);
  }
  async function customTypes(signal?: AbortSignal): Promise<Map<string, string>> {
    return new Map((await properties(signal)).filter(isCustom).map((p) => [p.name, p.type]));
  }
  async function readProps(signal?: AbortSignal): Promise<string[]> {
    return [...new Set([...Object.values(HS_PROPERTY), ...HS_SYSTEM, ...(await customTypes(signal)).keys()])];
  }

  async function listsOf(objects: HsObject[], signal?: AbortSignal): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (!readLists) return out;
    for (const o of objects) {
      if (o.archived) continue;
      const m = await call(() => http.get(`/crm/v3/lists/records/0-1/${o.id}/memberships`, { schema: hsMembershipsSchema, signal }));
      out.set(o.id, m.results.map((r) => r.listId));
    }
    const unknown = [...new Set([...out.values()].flat())].filter((id) => !listNames.has(id));
    for (let i = 0; i < unknown.length; i += 100) {
      const res = await call(() => http.get('/crm/v3/lists', { query: { listIds: unknown.slice(i, i + 100) }, schema: hsListsSchema, signal }));
      for (const l of res.lists) listNames.set(l.listId, l.name);
    }
    for (const [id, ids] of out) out.set(id, ids.map((l) => listNames.get(l) ?? l));
    return out;
  }

  /** Deal counts per contact: one associations batch read and one deals batch read per 100 contacts. */
  async function dealsOf(objects: HsObject[], signal?: AbortSignal): Promise<Map<string, Deals>> {
    const out = new Map<string, Deals>();
    const ids = objects.filter((o) => !o.archived).map((o) => o.id);
    if (!includeDeals) return out;
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const assoc = await call(() =>
        http.post('/crm/v4/associations/contacts/deals/batch/read', { inputs: chunk.map((id) => ({ id })) }, { schema: hsAssociationsSchema, signal, idempotent: true }),
      );
      const byContact = new Map(assoc.results.map((r) => [r.from.id, r.to.map((t) => String(t.toObjectId))]));
      const dealIds = [...new Set([...byContact.values()].flat())];
      const deals = new Map<string, HsObject['properties']>();
      for (let j = 0; j < dealIds.length; j += 100) {
        const inputs = dealIds.slice(j, j + 100).map((id) => ({ id }));
        const res = await call(() =>
          http.post('/crm/v3/objects/deals/batch/read', { properties: ['amount', 'hs_is_closed', 'hs_is_closed_won'], inputs }, { schema: hsBatchSchema, signal, idempotent: true }),
        );
        for (const d of res.results) deals.set(d.id, d.properties);
      }
      for (const id of chunk) out.set(id, summarizeHsDeals((byContact.get(id) ?? []).map((d) => deals.get(d)).filter((d) => d !== undefined)));
    }
    return out;
  }

  async function toContacts(objects: HsObject[], signal?: AbortSignal): Promise<Contact[]> {
    const [types, lists, deals] = [await customTypes(signal), await listsOf(objects, signal), await dealsOf(objects, signal)];
    return objects.map((o) => hsToContact(o, types, lists.get(o.id), deals.get(o.id)));
  }

  async function batchRead(ids: readonly string[], signal?: AbortSignal): Promise<HsObject[]> {
    const out: HsObject[] = [];
    const properties = await readProps(signal);
    for (let i = 0; i < ids.length; i += 100) {
      const inputs = ids.slice(i, i + 100).map((id) => ({ id }));
      const res = await call(() => http.post('/crm/v3/objects/contacts/batch/read', { properties, inputs }, { schema: hsBatchSchema, signal, idempotent: true }));
      out.push(...res.results);
    }
    return out;
  }

  async function search(body: Record<string, unknown>, signal?: AbortSignal) {
    return call(() => searchHttp.post('/crm/v3/objects/contacts/search', body, { schema: hsSearchSchema, signal, idempotent: true }));
  }

  const modified = (o: HsObject) => Date.parse(o.properties.lastmodifieddate ?? o.updatedAt ?? '') || 0;

  async function* pass(start: HsCursor, options: ChangesOptions): AsyncGenerator<ChangePage> {
    const limit = Math.min(Math.max(options.pageSize ?? 200, 1), 200);
    const properties = await readProps(options.signal);
    let s = start;
    // Ids this run already handed over at the instant a tie phase re-reads (kept in memory only: a
    // resumed run may hand some over twice, never skip one).
    let deliveredAt: { t: number; ids: Set<string> } = { t: NaN, ids: new Set() };
    for (;;) {
      if (s.phase === 'archived') {
        const res = await call(() =>
          http.get('/crm/v3/objects/contacts', { query: { archived: true, limit: 100, after: s.after, properties: 'email' }, schema: hsListSchema, signal: options.signal }),
        );
        let delTop = s.delTop;
        const gone = res.results.filter((o) => {
          const at = o.archivedAt ?? o.updatedAt ?? '';
          if (!delTop || at > delTop) delTop = at;
          return s.delSince !== undefined && at > s.delSince;
        });
        const records = await toContacts(gone.map((o) => ({ ...o, archived: true })), options.signal);
        const next = res.paging?.next?.after;
        if (next) {
          s = { ...s, after: next, delTop };
          yield { records, cursor: JSON.stringify(s), hasMore: true };
          continue;
        }
        const done: HsCursor = { phase: 'main', t: s.t, delSince: delTop ?? s.delSince ?? new Date(0).toISOString() };
        yield { records, cursor: JSON.stringify(done), hasMore: false };
        return;
      }
      const tie = s.phase === 'tie';
      const filters = tie
        ? [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'EQ', value: String(s.t) }, { propertyName: 'hs_object_id', operator: 'GT', value: s.id ?? '0' }] }]
        : s.t !== undefined
          ? [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GT', value: String(s.t) }] }]
          : undefined;
      const res = await search(
        { ...(filters ? { filterGroups: filters } : {}), sorts: [{ propertyName: tie ? 'hs_object_id' : 'lastmodifieddate', direction: 'ASCENDING' }], properties, limit, ...(s.after ? { after: s.after } : {}) },
        options.signal,
      );
      const fresh = tie && deliveredAt.t === s.t ? res.results.filter((o) => !deliveredAt.ids.has(o.id)) : res.results;
      const records = await toContacts(fresh, options.signal);
      const top = Math.max(...res.results.map(modified));
      if (!tie) {
        if (top !== deliveredAt.t) deliveredAt = { t: top, ids: new Set() };
        for (const o of res.results) if (modified(o) === top) deliveredAt.ids.add(o.id);
      }
      const last = Math.max(s.last ?? 0, ...res.results.map(modified)) || undefined;
      const next = res.paging?.next?.after;
      let following: HsCursor;
      if (next && Number(next) + limit <= SEARCH_CAP) following = { ...s, after: next, last };
      else if (next && tie) following = { ...s, id: res.results.at(-1)!.id, after: undefined, last };
      // The 10,000 window is full: take every contact of the last instant by id, then go on after it.
      else if (next) following = { ...s, phase: 'tie', t: top, id: '0', after: undefined, last };
      else if (tie) following = { ...s, phase: 'main', after: undefined, last };
      else following = { phase: 'archived', t: last !== undefined ? Math.max(last - lagMs, s.t ?? 0) : s.t, delSince: s.delSince };
      s = following;
      yield { records, cursor: JSON.stringify(s), hasMore: true };
    }
  }

  async function writeAll(writes: readonly ContactWrite[], remembered: Map<string, string>, signal?: AbortSignal): Promise<WriteResult[]> {
    const writable = new Set((await properties(signal)).filter((p) => !p.modificationMetadata?.readOnlyValue && !p.calculated).map((p) => p.name));
    const results = new Map<string, WriteResult>();
    const written = new Map<string, { id: string; created: boolean }>();
    const updates: { ref: string; id: string; properties: Record<string, string> }[] = [];
    const upserts: { ref: string; email: string; properties: Record<string, string> }[] = [];
    const creates: { ref: string; properties: Record<string, string> }[] = [];
    for (const w of writes) {
      const properties = writeToProperties(w.fields, writable);
      const id = w.id ?? remembered.get(w.ref);
      if (id) updates.push({ ref: w.ref, id, properties });
      else if (properties.email) upserts.push({ ref: w.ref, email: properties.email.trim().toLowerCase(), properties });
      else creates.push({ ref: w.ref, properties });
    }
    if (updates.length) {
      const res = await call(() =>
        http.post('/crm/v3/objects/contacts/batch/update', { inputs: updates.map((u) => ({ id: u.id, properties: u.properties })) }, { schema: hsBatchSchema, signal, idempotent: true }),
      );
      const ok = new Set(res.results.map((r) => r.id));
      for (const u of updates) {
        if (ok.has(u.id)) written.set(u.ref, { id: u.id, created: false });
        else results.set(u.ref, { ref: u.ref, ok: false, code: 'E_NOT_FOUND', message: `HubSpot contact ${u.id} does not exist (deleted?).` });
      }
    }
    if (upserts.length) {
      // Upsert by email is idempotent: a retried batch updates what the first attempt created.
      const res = await call(() =>
        http.post(
          '/crm/v3/objects/contacts/batch/upsert',
          { inputs: upserts.map((u) => ({ idProperty: 'email', id: u.email, properties: u.properties })) },
          { schema: hsBatchSchema, signal, idempotent: true },
        ),
      );
      for (const u of upserts) {
        const r = res.results.find((x) => x.properties.email?.toLowerCase() === u.email);
        if (r) written.set(u.ref, { id: r.id, created: r.new ?? false });
        else results.set(u.ref, { ref: u.ref, ok: false, code: 'E_APP_REJECTED', message: `HubSpot did not take the contact ${u.email}.` });
      }
    }
    if (creates.length) {
      const res = await call(() => http.post('/crm/v3/objects/contacts/batch/create', { inputs: creates.map((c) => ({ properties: c.properties })) }, { schema: hsBatchSchema, signal }));
      creates.forEach((c, i) => {
        const r = res.results[i];
        if (r) written.set(c.ref, { id: r.id, created: true });
        else results.set(c.ref, { ref: c.ref, ok: false, code: 'E_APP_REJECTED', message: 'HubSpot did not create the contact.' });
      });
    }
    for (const [ref, w] of written) remembered.set(ref, w.id);
    const ids = [...new Set([...written.values()].map((w) => w.id))];
    let records = new Map((await toContacts(await batchRead(ids, signal), signal)).map((c) => [c.id, c]));
    const listWrites = readLists ? writes.filter((w) => 'lists' in w.fields && written.has(w.ref)) : [];
    if (listWrites.length) {
      const wanted = (w: ContactWrite) => (Array.isArray(w.fields.lists) ? w.fields.lists.map(String) : []);
      const changes = listWrites.map((w) => ({ id: written.get(w.ref)!.id, current: records.get(written.get(w.ref)!.id)?.lists ?? [], wanted: wanted(w) }));
      await applyLists(changes, signal);
      records = new Map((await toContacts(await batchRead(ids, signal), signal)).map((c) => [c.id, c]));
    }
    for (const [ref, w] of written) {
      const record = records.get(w.id);
      results.set(ref, record ? { ref, ok: true, id: w.id, created: w.created, record } : { ref, ok: false, code: 'E_NOT_FOUND', message: `HubSpot contact ${w.id} was written but cannot be read back.` });
    }
    return writes.map((w) => results.get(w.ref)!);
  }

  const idempotency = new Map<string, Map<string, string>>();

  return {
    app: hubspotApp,

    async fieldCatalog(signal) {
      const mapped = new Set(Object.values(HS_PROPERTY));
      const custom: FieldDef[] = (await properties(signal))
        .filter((p) => isCustom(p) && !mapped.has(p.name))
        .map((p) => ({
          ...optionsOf(p),
          path: `custom.${p.name}`,
          label: p.label ?? p.name,
          type: p.type === 'number' ? 'number' : p.type === 'bool' ? 'boolean' : p.type === 'date' || p.type === 'datetime' ? 'date' : 'string',
          custom: true,
          ...(p.modificationMetadata?.readOnlyValue || p.calculated ? { readOnly: true } : {}),
        }));
      // List membership is writable (MANUAL lists) when lists are read at all.
      const fixed = readLists ? hubspotFields.map((f) => (f.path === 'lists' ? { ...f, readOnly: false } : f)) : hubspotFields;
      return [...fixed, ...custom] as FieldCatalog;
    },

    async checkAuth(signal) {
      await call(() => http.get('/crm/v3/objects/contacts', { query: { limit: 1 }, schema: hsListSchema, signal }));
    },

    async *changes(cursorText, options = {}) {
      let start: HsCursor = { phase: 'main' };
      if (cursorText) {
        try {
          start = JSON.parse(cursorText) as HsCursor;
        } catch {
          throw new UserError('E_BAD_CURSOR', 'The saved HubSpot sync position is unreadable; start a full sync.');
        }
      }
      yield* pass(start, options);
    },

    async getMany(ids, signal) {
      return toContacts(await batchRead(ids.filter((id) => /^\d+$/.test(id)), signal), signal);
    },

    async findByKey(key, values, signal) {
      const out = new Map<string, Contact[]>();
      const properties = await readProps(signal);
      if (key === 'email') {
        const terms = values.map((v) => v.trim().toLowerCase()).filter(Boolean);
        const hits: HsObject[] = [];
        for (let i = 0; i < terms.length; i += 100) {
          const res = await search({ filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN', values: terms.slice(i, i + 100) }] }], properties, limit: 200 }, signal);
          hits.push(...res.results);
        }
        const contacts = await toContacts(hits, signal);
        for (const v of values) out.set(v, contacts.filter((c) => c.email?.trim().toLowerCase() === v.trim().toLowerCase()));
        return out;
      }
      for (const v of values) {
        const res = await search({ filterGroups: [{ filters: [{ propertyName: 'phone', operator: 'EQ', value: v.trim() }] }, { filters: [{ propertyName: 'mobilephone', operator: 'EQ', value: v.trim() }] }], properties, limit: 200 }, signal);
        out.set(v, await toContacts(res.results, signal));
      }
      return out;
    },

    async upsertBatch(writes, idempotencyKey, signal) {
      if (writes.length > hubspotApp.batchLimit) {
        throw new UserError('E_BATCH_TOO_LARGE', `HubSpot takes at most ${hubspotApp.batchLimit} contacts per batch (got ${writes.length}).`);
      }
      const remembered = idempotency.get(idempotencyKey) ?? new Map<string, string>();
      idempotency.set(idempotencyKey, remembered);
      return writeAll(writes, remembered, signal);
    },
  };
}
