import { createHash } from 'node:crypto';
import { type Contact, type Deals, type FieldCatalog, type FieldDef } from '@sluice/graph';
import { UserError, isUserError } from '@sluice/core';
import type { ChangePage, ChangesOptions, Connector, ConnectorContext, ContactWrite, MatchKey, WriteResult } from '@sluice/engine';
import { type HttpClientOptions, createHttpClient } from '../http/http-client';
import { OAuthRefresher } from '../google/oauth-refresher';
import { pipedriveApp, pipedriveFields } from './pipedrive.app';
import { pipedriveOAuth } from './pipedrive.oauth';
import { PD_READ_ONLY, personToContact, summarizeDeals, writeToPersonBody } from './pipedrive.mapping';
import { PdOptions } from './pipedrive.options';
import {
  type PdField,
  type PdPerson,
  pdDealsPageSchema,
  pdFieldsPageSchema,
  pdOrgResponseSchema,
  pdOrgSearchSchema,
  pdOrgsPageSchema,
  pdPersonSchemaResponse,
  pdPersonSearchSchema,
  pdPersonsPageSchema,
} from './pipedrive.schemas';

/** What an HTTP app's requests run under: the operator's private-address setting, and test seams (simulated time, a fixed random, another fetch). */
export type HttpDeps = Pick<HttpClientOptions, 'allowPrivateUrls' | 'clock' | 'random' | 'fetch' | 'retry'>;

/** Where one pass of `changes()` stands. */
interface PdCursor {
  /** Lower bound (`updated_since`) of this pass. */
  since?: string;
  /** Ids already delivered whose update_time equals `since` (updated_since is inclusive). */
  seen?: number[];
  /** Pipedrive's page cursor inside this pass. */
  page?: string;
  /** Newest update_time delivered in this pass so far, and the ids at that time. */
  max?: string;
  maxIds?: number[];
}

const DEFAULT_BASE = 'https://api.pipedrive.com/api/v2';
const AUTH_HELP =
  'Copy a new token from Pipedrive → Settings → Personal preferences → API and paste it in the connection, or reconnect with OAuth.';

function decodeCursor(text: string | null): PdCursor {
  if (!text) return {};
  try {
    return JSON.parse(text) as PdCursor;
  } catch {
    throw new UserError('E_BAD_CURSOR', 'The saved Pipedrive sync position is unreadable; start a full sync.');
  }
}

/**
 * The Pipedrive connector (API v2): persons with their organization (company), labels (tags), owner,
 * custom fields and deal counts; incremental reads by `update_time` with v2 cursor paging; writes one
 * person per request (Pipedrive has no bulk endpoint); search by email or phone.
 * Config: `baseUrl` (default `https://api.pipedrive.com/api/v2`, path prefix kept; SSRF-guarded),
 * `includeDeals` (default true), `companyDomain` (shares one request budget across tokens). Credential: `apiToken`, or OAuth `accessToken` (+ `refreshToken`,
 * `clientId`, `clientSecret`, `expiresAt`, `apiDomain`; the token endpoint is config `tokenUrl` or Pipedrive's). `apiKey` is read as `apiToken`.
 */
export function createPipedriveConnector(context: ConnectorContext, deps: HttpDeps = {}): Connector {
  const given: Record<string, string | undefined> = context.credential ?? {};
  // `apiKey` is accepted too: the generic name the UI uses for pasted keys.
  const cred: Record<string, string | undefined> = { ...given, apiToken: given.apiToken ?? given.apiKey };
  // OAuth tokens belong to one company: Pipedrive's token answer names its `api_domain`, stored as `apiDomain`.
  const baseUrl = String(context.config.baseUrl ?? cred.apiBaseUrl ?? (cred.apiDomain ? `${cred.apiDomain.replace(/\/+$/, '')}/api/v2` : DEFAULT_BASE));
  const includeDeals = context.config.includeDeals !== false;
  if (!cred.apiToken && !cred.accessToken) throw new UserError('E_CONFIG', `Pipedrive needs an API token. ${AUTH_HELP}`);
  const oauth = cred.apiToken
    ? undefined
    : new OAuthRefresher({
        appName: 'Pipedrive',
        tokenUrl: String(context.config.tokenUrl ?? pipedriveOAuth.tokenUrl),
        credential: { accessToken: cred.accessToken!, refreshToken: cred.refreshToken, expiresAt: cred.expiresAt, clientId: cred.clientId, clientSecret: cred.clientSecret },
        clientAuth: 'basic',
        onRefresh: context.onCredentialRefresh,
        reconnectHelp: 'Reconnect Pipedrive in the connection settings.',
        clock: deps.clock,
        allowPrivateUrls: deps.allowPrivateUrls,
      });
  // Pipedrive counts requests per company: connections naming the same company share one budget.
  const account = context.config.companyDomain
    ? `company:${String(context.config.companyDomain).toLowerCase()}`
    : createHash('sha256').update(cred.apiToken ?? cred.refreshToken ?? cred.accessToken ?? '').digest('hex').slice(0, 16);
  const http = createHttpClient({
    app: { id: 'pipedrive', name: 'Pipedrive', authHelp: AUTH_HELP },
    baseUrl,
    account,
    headers: oauth ? () => oauth.headers() : { 'x-api-token': cred.apiToken! },
    // Pipedrive's burst limit is per 2-second window (80+ requests on most plans); headers refine it.
    budget: { capacity: 20, refillPerSecond: 10 },
    ...deps,
  });
  const call = <T>(fn: () => Promise<T>): Promise<T> => (oauth ? oauth.withToken(fn) : fn());

  const orgNames = new Map<number, string>();
  let fieldsCache: PdField[] | undefined;
  const idempotency = new Map<string, Map<string, string>>();

  async function personFields(signal?: AbortSignal): Promise<PdField[]> {
    if (fieldsCache) return fieldsCache;
    const all: PdField[] = [];
    let cursor: string | undefined;
    do {
      const page = await call(() => http.get('/personFields', { query: { limit: 500, cursor }, schema: pdFieldsPageSchema, signal }));
      all.push(...page.data);
      cursor = page.additional_data?.next_cursor ?? undefined;
    } while (cursor);
    return (fieldsCache = all);
  }

  async function labelMap(signal?: AbortSignal): Promise<Map<number, string>> {
    const f = (await personFields(signal)).find((x) => x.field_code === 'label_ids' || x.field_code === 'label');
    return new Map((f?.options ?? []).map((o) => [Number(o.id), o.label]));
  }

  async function resolveOrgs(persons: PdPerson[], signal?: AbortSignal): Promise<void> {
    const missing = [...new Set(persons.map((p) => p.org_id).filter((x): x is number => !!x && !orgNames.has(x)))];
    for (let i = 0; i < missing.length; i += 100) {
      const ids = missing.slice(i, i + 100);
      const page = await call(() => http.get('/organizations', { query: { ids: ids.join(','), limit: 100 }, schema: pdOrgsPageSchema, signal }));
      for (const o of page.data ?? []) orgNames.set(o.id, o.name);
    }
  }

  async function dealsOf(persons: PdPerson[], signal?: AbortSignal): Promise<Map<number, Deals> | undefined> {
    if (!includeDeals) return undefined;
    const out = new Map<number, Deals>();
    for (const p of persons) {
      const deals: { value?: number | null; status?: string | null }[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(() => http.get('/deals', { query: { person_id: p.id, limit: 500, cursor }, schema: pdDealsPageSchema, signal }));
        deals.push(...(page.data ?? []));
        cursor = page.additional_data?.next_cursor ?? undefined;
      } while (cursor);
      out.set(p.id, summarizeDeals(deals));
    }
    return out;
  }

  async function toContacts(persons: PdPerson[], signal?: AbortSignal): Promise<Contact[]> {
    const live = persons.filter((p) => !p.is_deleted);
    await resolveOrgs(live, signal);
    const [labels, deals, options] = [await labelMap(signal), await dealsOf(live, signal), new PdOptions(await personFields(signal))];
    return live.map((p) => personToContact(p, { labels, orgs: orgNames, deals, options }));
  }

  async function getPersons(ids: readonly string[], signal?: AbortSignal): Promise<PdPerson[]> {
    const out: PdPerson[] = [];
    const numeric = ids.filter((id) => /^\d+$/.test(id));
    for (let i = 0; i < numeric.length; i += 100) {
      const chunk = numeric.slice(i, i + 100);
      const page = await call(() => http.get('/persons', { query: { ids: chunk.join(','), limit: 100 }, schema: pdPersonsPageSchema, signal }));
      out.push(...(page.data ?? []));
    }
    return out;
  }

  async function ensureOrg(name: unknown, signal?: AbortSignal): Promise<number | null> {
    if (typeof name !== 'string' || name.trim() === '') return null;
    for (const [id, n] of orgNames) if (n.toLowerCase() === name.trim().toLowerCase()) return id;
    const found = await call(() =>
      http.get('/organizations/search', { query: { term: name.trim(), fields: 'name', exact_match: true, limit: 1 }, schema: pdOrgSearchSchema, signal }),
    );
    const hit = found.data.items[0]?.item;
    if (hit) {
      orgNames.set(hit.id, hit.name ?? name.trim());
      return hit.id;
    }
    const created = await call(() => http.post('/organizations', { name: name.trim() }, { schema: pdOrgResponseSchema, signal }));
    orgNames.set(created.data.id, created.data.name);
    return created.data.id;
  }

  async function ensureLabels(tags: unknown, signal?: AbortSignal): Promise<number[]> {
    const wanted = Array.isArray(tags) ? tags.map(String).filter(Boolean) : [];
    const labels = await labelMap(signal);
    const byName = new Map([...labels].map(([id, l]) => [l.toLowerCase(), id]));
    const missing = wanted.filter((t) => !byName.has(t.toLowerCase()));
    if (missing.length) {
      const field = (await personFields(signal)).find((x) => x.field_code === 'label_ids')?.field_code ?? 'label_ids';
      await call(() => http.post(`/personFields/${field}/options`, missing.map((label) => ({ label })), { signal }));
      fieldsCache = undefined;
      for (const [id, l] of await labelMap(signal)) byName.set(l.toLowerCase(), id);
    }
    return wanted.map((t) => byName.get(t.toLowerCase())).filter((x): x is number => x !== undefined);
  }

  async function searchPersonIds(field: 'email' | 'phone', term: string, signal?: AbortSignal): Promise<number[]> {
    if (term.length < 2) return [];
    const res = await call(() =>
      http.get('/persons/search', { query: { term, fields: field, exact_match: true, limit: 100 }, schema: pdPersonSearchSchema, signal }),
    );
    return res.data.items.map((i) => i.item.id);
  }

  async function writeOne(w: ContactWrite, remembered: Map<string, string>, retried: boolean, signal?: AbortSignal): Promise<WriteResult> {
    const fields = Object.fromEntries(Object.entries(w.fields).filter(([k]) => !PD_READ_ONLY.has(k)));
    let id = w.id ?? remembered.get(w.ref);
    if (!id && retried && typeof fields.email === 'string') {
      // A retried batch whose answer was lost: the person may exist already.
      const ids = await searchPersonIds('email', fields.email.trim(), signal);
      if (ids[0]) id = String(ids[0]);
    }
    const needsExisting =
      !!id && (['firstName', 'lastName', 'email', 'phone', 'mobile'].some((k) => k in fields) || Object.keys(fields).some((k) => k.startsWith('address.')));
    const existing = id && needsExisting ? (await getPersons([id], signal))[0] : undefined;
    if (id && needsExisting && !existing) return { ref: w.ref, ok: false, code: 'E_NOT_FOUND', message: `Pipedrive person ${id} does not exist (deleted?).` };
    const body = writeToPersonBody(fields, {
      existing,
      orgId: 'company' in fields ? await ensureOrg(fields.company, signal) : undefined,
      labelIds: 'tags' in fields ? await ensureLabels(fields.tags, signal) : undefined,
      options: new PdOptions(await personFields(signal)),
    });
    if (!id && !body.name) {
      const email = typeof fields.email === 'string' ? fields.email : undefined;
      body.name = email ?? 'Unnamed contact';
    }
    const res = id
      ? await call(() => http.patch(`/persons/${id}`, body, { schema: pdPersonSchemaResponse, signal }))
      : await call(() => http.post('/persons', body, { schema: pdPersonSchemaResponse, signal }));
    remembered.set(w.ref, String(res.data.id));
    const [record] = await toContactsWithoutDeals([res.data], signal);
    return { ref: w.ref, ok: true, id: String(res.data.id), created: !id, record: record! };
  }

  async function toContactsWithoutDeals(persons: PdPerson[], signal?: AbortSignal): Promise<Contact[]> {
    await resolveOrgs(persons, signal);
    const [labels, options] = [await labelMap(signal), new PdOptions(await personFields(signal))];
    return persons.map((p) => personToContact(p, { labels, orgs: orgNames, options }));
  }

  return {
    app: pipedriveApp,

    async fieldCatalog(signal) {
      const fields = await personFields(signal);
      const options = new PdOptions(fields);
      const custom: FieldDef[] = fields
        .filter((f) => f.is_custom_field)
        .map((f) => ({
          ...(options.optionsOf(f.field_code) ? { options: options.optionsOf(f.field_code) } : {}),
          path: `custom.${f.field_code}`,
          label: f.field_name,
          type: f.field_type === 'int' || f.field_type === 'double' || f.field_type === 'monetary' ? 'number' : f.field_type === 'boolean' ? 'boolean' : f.field_type === 'date' ? 'date' : 'string',
          custom: true,
        }));
      return [...pipedriveFields, ...custom] as FieldCatalog;
    },

    async checkAuth(signal) {
      await call(() => http.get('/persons', { query: { limit: 1 }, schema: pdPersonsPageSchema, signal }));
    },

    async *changes(cursorText: string | null, options: ChangesOptions = {}): AsyncIterable<ChangePage> {
      let state = decodeCursor(cursorText);
      const limit = Math.min(Math.max(options.pageSize ?? 100, 1), 500);
      for (;;) {
        const page = await call(() =>
          http.get('/persons', {
            query: { sort_by: 'update_time', sort_direction: 'asc', limit, updated_since: state.since, cursor: state.page },
            schema: pdPersonsPageSchema,
            signal: options.signal,
          }),
        );
        const seen = new Set(state.seen ?? []);
        const persons = (page.data ?? []).filter((p) => !(p.update_time === state.since && seen.has(p.id)));
        let max = state.max;
        let maxIds = state.maxIds ?? [];
        for (const p of persons) {
          if (!max || p.update_time > max) [max, maxIds] = [p.update_time, [p.id]];
          else if (p.update_time === max) maxIds = [...maxIds, p.id];
        }
        const records = await toContacts(persons, options.signal);
        const next = page.additional_data?.next_cursor ?? undefined;
        if (next) {
          state = { ...state, page: next, max, maxIds };
          yield { records, cursor: JSON.stringify(state), hasMore: true };
          continue;
        }
        const done: PdCursor = max && max !== state.since ? { since: max, seen: maxIds } : { since: state.since, seen: [...seen, ...maxIds] };
        yield { records, cursor: JSON.stringify(done), hasMore: false };
        return;
      }
    },

    async getMany(ids, signal) {
      return toContacts(await getPersons(ids, signal), signal);
    },

    async findByKey(key: MatchKey, values, signal) {
      const out = new Map<string, Contact[]>();
      for (const raw of values) {
        const term = key === 'email' ? raw.trim().toLowerCase() : raw.trim();
        const ids = await searchPersonIds(key, term, signal);
        const contacts = ids.length ? await toContacts(await getPersons(ids.map(String), signal), signal) : [];
        out.set(raw, contacts.filter((c) => (key === 'email' ? c.email?.trim().toLowerCase() === term : true)));
      }
      return out;
    },

    async upsertBatch(writes, idempotencyKey, signal) {
      if (writes.length > pipedriveApp.batchLimit) {
        throw new UserError('E_BATCH_TOO_LARGE', `Pipedrive takes at most ${pipedriveApp.batchLimit} records per batch (got ${writes.length}).`);
      }
      const retried = idempotency.has(idempotencyKey);
      const remembered = idempotency.get(idempotencyKey) ?? new Map<string, string>();
      idempotency.set(idempotencyKey, remembered);
      const results: WriteResult[] = [];
      for (const w of writes) {
        try {
          results.push(await writeOne(w, remembered, retried, signal));
        } catch (error) {
          if (isUserError(error) && error.code === 'E_APP_REJECTED') {
            results.push({ ref: w.ref, ok: false, code: error.code, message: error.message });
          } else throw error;
        }
      }
      return results;
    },
  };
}
