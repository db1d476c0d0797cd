import { createHash } from 'node:crypto';
import { type Contact } from '@sluice/graph';
import { UserError, isUserError } from '@sluice/core';
import type { ChangePage, ChangesOptions, Connector, ConnectorContext, ContactWrite, WriteResult } from '@sluice/engine';
import { systemClock } from '../http/clock';
import { createHttpClient } from '../http/http-client';
import type { HttpDeps } from '../pipedrive/pipedrive.connector';
import { googleApp, googleFields } from './google.app';
import { googleOAuth } from './google.oauth';
import { G_READ_ONLY, PERSON_FIELDS, personToContact, writeToPerson } from './google.mapping';
import { refresherOfContext } from './oauth-refresher';
import {
  type GPerson,
  gBatchCreateSchema,
  gBatchGetSchema,
  gBatchUpdateSchema,
  gConnectionsSchema,
  gGroupSchema,
  gGroupsSchema,
  gSearchSchema,
} from './google.schemas';

interface GCursor {
  syncToken?: string;
  pageToken?: string;
}

const RECONNECT = 'Reconnect Google Contacts in the connection settings and allow access to your contacts.';

/**
 * The Google Contacts connector (People API v1): "My contacts" with names, emails, phones,
 * organization, address, website, contact groups (as tags) and custom labels; incremental reads with
 * `syncToken` (deletions from `metadata.deleted`; an expired token falls back to a full read);
 * batched creates and updates (200 per call, etags honoured); search by email or phone.
 * OAuth 2.0 with refresh: one refresh at a time, new tokens reported via `onCredentialRefresh`.
 * Config: `baseUrl` (default `https://people.googleapis.com`), `tokenUrl`. Credential:
 * `accessToken`, `refreshToken`, `clientId`, `clientSecret`, `expiresAt`, `apiBaseUrl`.
 */
export function createGoogleContactsConnector(context: ConnectorContext, deps: HttpDeps = {}): Connector {
  const cred = context.credential ?? {};
  if (!cred.accessToken && !cred.refreshToken) throw new UserError('E_CONFIG', `Google Contacts is not connected yet. ${RECONNECT}`);
  const clock = deps.clock ?? systemClock;
  const oauth = refresherOfContext(context, { appName: 'Google', tokenUrl: googleOAuth.tokenUrl, reconnectHelp: RECONNECT }, { ...deps, clock });
  const account = createHash('sha256').update(cred.refreshToken ?? cred.accessToken ?? '').digest('hex').slice(0, 16);
  const http = createHttpClient({
    app: { id: 'google-contacts', name: 'Google Contacts', authHelp: RECONNECT },
    // `apiBaseUrl` in the credential: the operator's API URL override (SLUICE_GOOGLE_API_URL) at consent time.
    baseUrl: String(context.config.baseUrl ?? cred.apiBaseUrl ?? 'https://people.googleapis.com'),
    account,
    headers: () => oauth.headers(),
    // People API quotas are per user per minute (about 90 reads and 90 writes by default).
    budget: { capacity: 10, refillPerSecond: 1.5 },
    ...deps,
  });
  const call = <T>(fn: () => Promise<T>) => oauth.withToken(fn);
  const now = () => new Date(clock.now()).toISOString();
  let groupsCache: Map<string, { name: string; system: boolean }> | undefined;
  let searchWarm = false;
  const idempotency = new Map<string, Map<string, string>>();

  async function groups(signal?: AbortSignal) {
    if (groupsCache) return groupsCache;
    const out = new Map<string, { name: string; system: boolean }>();
    let pageToken: string | undefined;
    do {
      const page = await call(() => http.get('/v1/contactGroups', { query: { pageSize: 1000, pageToken }, schema: gGroupsSchema, signal }));
      for (const g of page.contactGroups ?? []) out.set(g.resourceName, { name: g.formattedName ?? g.name ?? g.resourceName, system: g.groupType === 'SYSTEM_CONTACT_GROUP' });
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return (groupsCache = out);
  }

  async function tagNames(signal?: AbortSignal): Promise<Map<string, string>> {
    return new Map([...(await groups(signal))].filter(([, g]) => !g.system).map(([rn, g]) => [rn, g.name]));
  }

  async function toContacts(people: GPerson[], signal?: AbortSignal): Promise<Contact[]> {
    const names = await tagNames(signal);
    return people.map((p) => personToContact(p, names, now()));
  }

  async function batchGet(resourceNames: readonly string[], signal?: AbortSignal): Promise<GPerson[]> {
    const out: GPerson[] = [];
    for (let i = 0; i < resourceNames.length; i += 200) {
      const chunk = resourceNames.slice(i, i + 200);
      const res = await call(() => http.get('/v1/people:batchGet', { query: { resourceNames: chunk, personFields: PERSON_FIELDS }, schema: gBatchGetSchema, signal }));
      for (const r of res.responses ?? []) if (r.person && (r.httpStatusCode ?? 200) === 200) out.push(r.person);
    }
    return out;
  }

  async function search(query: string, signal?: AbortSignal): Promise<GPerson[]> {
    if (!searchWarm) {
      // Google asks for an empty warm-up search before the first real one, to refresh its cache.
      await call(() => http.get('/v1/people:searchContacts', { query: { query: '', readMask: 'names', pageSize: 1 }, schema: gSearchSchema, signal }));
      searchWarm = true;
    }
    const res = await call(() => http.get('/v1/people:searchContacts', { query: { query, readMask: PERSON_FIELDS, pageSize: 30 }, schema: gSearchSchema, signal }));
    return (res.results ?? []).map((r) => r.person);
  }

  async function ensureGroups(fields: Record<string, unknown>, signal?: AbortSignal) {
    const all = await groups(signal);
    const byName = new Map([...all].filter(([, g]) => !g.system).map(([rn, g]) => [g.name.toLowerCase(), rn]));
    const tags = Array.isArray(fields.tags) ? fields.tags.map(String) : [];
    for (const tag of tags) {
      if (byName.has(tag.toLowerCase())) continue;
      const g = await call(() => http.post('/v1/contactGroups', { contactGroup: { name: tag } }, { schema: gGroupSchema, signal }));
      all.set(g.resourceName, { name: g.formattedName ?? g.name ?? tag, system: false });
      byName.set(tag.toLowerCase(), g.resourceName);
    }
    return { resourceFor: (tag: string) => byName.get(tag.toLowerCase()), isSystem: (rn: string) => all.get(rn)?.system ?? false };
  }

  async function *read(cursor: GCursor, options: ChangesOptions): AsyncGenerator<ChangePage> {
    const pageSize = Math.min(Math.max(options.pageSize ?? 200, 1), 1000);
    let state = cursor;
    for (;;) {
      const page = await call(() =>
        http.get('/v1/people/me/connections', {
          query: { personFields: PERSON_FIELDS, pageSize, requestSyncToken: true, syncToken: state.syncToken, pageToken: state.pageToken },
          schema: gConnectionsSchema,
          signal: options.signal,
        }),
      );
      const records = await toContacts(page.connections ?? [], options.signal);
      if (page.nextPageToken) {
        state = { ...state, pageToken: page.nextPageToken };
        yield { records, cursor: JSON.stringify(state), hasMore: true };
        continue;
      }
      const syncToken = page.nextSyncToken ?? state.syncToken;
      yield { records, cursor: JSON.stringify({ syncToken }), hasMore: false };
      return;
    }
  }

  async function writeChunk(writes: readonly ContactWrite[], remembered: Map<string, string>, retried: boolean, signal?: AbortSignal): Promise<WriteResult[]> {
    const results = new Map<string, WriteResult>();
    const targets = new Map<string, string>();
    for (const w of writes) {
      const known = w.id ?? remembered.get(w.ref);
      if (known) targets.set(w.ref, known);
      else if (retried && typeof w.fields.email === 'string') {
        const email = w.fields.email.trim().toLowerCase();
        const hit = (await search(email, signal)).find((p) => p.emailAddresses?.some((e) => e.value?.toLowerCase() === email));
        if (hit) targets.set(w.ref, hit.resourceName);
      }
    }
    const existing = new Map((await batchGet([...new Set(targets.values())], signal)).map((p) => [p.resourceName, p]));
    const creates: { w: ContactWrite; person: Record<string, unknown> }[] = [];
    const updates = new Map<string, { w: ContactWrite; person: Record<string, unknown> }>();
    const masks = new Set<string>();
    for (const w of writes) {
      const fields = Object.fromEntries(Object.entries(w.fields).filter(([k]) => !G_READ_ONLY.has(k)));
      const target = targets.get(w.ref);
      const current = target ? existing.get(target) : undefined;
      if (target && !current) {
        results.set(w.ref, { ref: w.ref, ok: false, code: 'E_NOT_FOUND', message: `Google contact ${target} does not exist (deleted?).` });
        continue;
      }
      const { person, mask } = writeToPerson(fields, current, await ensureGroups(fields, signal));
      if (current) {
        mask.forEach((m) => masks.add(m));
        updates.set(current.resourceName, { w, person: { ...person, etag: current.etag } });
      } else creates.push({ w, person });
    }
    if (creates.length) {
      const res = await call(() =>
        http.post('/v1/people:batchCreateContacts', { contacts: creates.map((c) => ({ contactPerson: c.person })), readMask: PERSON_FIELDS }, { schema: gBatchCreateSchema, signal }),
      );
      const contacts = await toContacts(res.createdPeople.map((c) => c.person).filter((p): p is GPerson => !!p), signal);
      res.createdPeople.forEach((c, i) => {
        const ref = creates[i]!.w.ref;
        if (c.person && (c.httpStatusCode ?? 200) === 200) {
          remembered.set(ref, c.person.resourceName);
          const record = contacts.find((r) => r.id === c.person!.resourceName)!;
          results.set(ref, { ref, ok: true, id: c.person.resourceName, created: true, record });
        } else results.set(ref, { ref, ok: false, code: 'E_APP_REJECTED', message: c.status?.message ?? `Google refused to create the contact (HTTP ${c.httpStatusCode}).` });
      });
    }
    if (updates.size) {
      // Every contact of one batch update gets the same mask; fill fields a contact does not change
      // with its current values so the mask clears nothing by accident.
      const contacts: Record<string, Record<string, unknown>> = {};
      for (const [rn, u] of updates) {
        const current = existing.get(rn)!;
        const full: Record<string, unknown> = { ...u.person };
        for (const m of masks) if (!(m in full)) full[m] = (current as Record<string, unknown>)[m] ?? [];
        contacts[rn] = full;
      }
      const res = await call(() =>
        http.post('/v1/people:batchUpdateContacts', { contacts, updateMask: [...masks].join(','), readMask: PERSON_FIELDS }, { schema: gBatchUpdateSchema, signal }),
      );
      const names = await tagNames(signal);
      for (const [rn, u] of updates) {
        const r = res.updateResult[rn];
        if (r?.person && (r.httpStatusCode ?? 200) === 200) {
          results.set(u.w.ref, { ref: u.w.ref, ok: true, id: rn, created: false, record: personToContact(r.person, names, now()) });
        } else results.set(u.w.ref, { ref: u.w.ref, ok: false, code: 'E_APP_REJECTED', message: r?.status?.message ?? `Google refused to update ${rn}.` });
      }
    }
    return writes.map((w) => results.get(w.ref)!);
  }

  return {
    app: googleApp,

    async fieldCatalog() {
      return googleFields;
    },

    async checkAuth(signal) {
      await call(() => http.get('/v1/people/me/connections', { query: { personFields: 'names', pageSize: 1 }, schema: gConnectionsSchema, signal }));
    },

    async *changes(cursorText, options = {}) {
      let cursor: GCursor = {};
      if (cursorText) {
        try {
          cursor = JSON.parse(cursorText) as GCursor;
        } catch {
          throw new UserError('E_BAD_CURSOR', 'The saved Google sync position is unreadable; start a full sync.');
        }
      }
      try {
        yield* read(cursor, options);
      } catch (error) {
        // Google keeps sync tokens for about 7 days; an expired one answers 410 and asks for a full read.
        const status = isUserError(error) ? (error.details as { status?: number } | undefined)?.status : undefined;
        if (status !== 410 || !cursor.syncToken) throw error;
        yield* read({}, options);
      }
    },

    async getMany(ids, signal) {
      return toContacts(await batchGet(ids.filter((id) => id.startsWith('people/')), signal), signal);
    },

    async findByKey(key, values, signal) {
      const out = new Map<string, Contact[]>();
      for (const raw of values) {
        const term = key === 'email' ? raw.trim().toLowerCase() : raw.trim();
        const hits = (await search(term, signal)).filter((p) =>
          key === 'email' ? p.emailAddresses?.some((e) => e.value?.trim().toLowerCase() === term) : p.phoneNumbers?.some((e) => e.value?.replace(/[^\d+]/g, '') === term.replace(/[^\d+]/g, '')),
        );
        out.set(raw, await toContacts(hits, signal));
      }
      return out;
    },

    async upsertBatch(writes, idempotencyKey, signal) {
      if (writes.length > googleApp.batchLimit) {
        throw new UserError('E_BATCH_TOO_LARGE', `Google Contacts takes at most ${googleApp.batchLimit} records per batch (got ${writes.length}).`);
      }
      const retried = idempotency.has(idempotencyKey);
      const remembered = idempotency.get(idempotencyKey) ?? new Map<string, string>();
      idempotency.set(idempotencyKey, remembered);
      return writeChunk(writes, remembered, retried, signal);
    },
  };
}
