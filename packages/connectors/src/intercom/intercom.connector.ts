import type { Contact, FieldCatalog } from '@sluice/graph';
import { UserError } from '@sluice/core';
import type { ChangePage, ChangesOptions, Connector, ConnectorContext, MatchKey, SettingChoice } from '@sluice/engine';
import { type IcDeps, createIntercomHttp } from './intercom.api';
import { ROLE_IF_NEW, type RoleIfNew, intercomApp, intercomFields } from './intercom.app';
import { decodeCursor, searchBody, stepPage } from './intercom.cursor';
import { attributeDefs, icToContact } from './intercom.mapping';
import { IcDirectory } from './intercom.names';
import { type IcContact, type IcDataAttribute, icContactListSchema, icDataAttributeListSchema } from './intercom.schemas';
import { writeBatch } from './intercom.writes';

export type { IcDeps } from './intercom.api';

/** Intercom's largest page of a search. */
const MAX_PAGE = 150;
/** Values in one `IN` filter of a search (ids or emails looked up together). */
const IN_CHUNK = 50;

function roleIfNewOf(value: unknown): RoleIfNew {
  if (value === undefined || value === null || value === '') return 'lead';
  if (ROLE_IF_NEW.some((c) => c.value === value)) return value as RoleIfNew;
  throw new UserError('E_CONFIG', `"${String(value)}" is not a role Intercom gives new contacts: choose lead or user.`);
}

/**
 * The Intercom connector (API 2.16): the workspace's contacts, users and leads, with their name (split
 * in first and last), email, phone, unsubscribe, tags, first company and custom attributes. Reads by
 * search on `updated_at` (see intercom.cursor.ts); finds contacts by id and email through search
 * (archived and merged contacts are absent there); writes one contact a request.
 * Config: `roleIfNew` (`lead` default, `user`), `region` (`us` default, `eu`, `au`; the credential's own
 * `region` wins), `baseUrl` (tests and proxies). Credential: `accessToken`, optional `region`.
 */
export function createIntercomConnector(context: ConnectorContext, deps: IcDeps = {}): Connector {
  const http = createIntercomHttp(context, deps);
  const roleIfNew = roleIfNewOf(context.config.roleIfNew);
  const directory = new IcDirectory(async () => http);
  let attributes: IcDataAttribute[] | undefined;

  async function contactAttributes(signal?: AbortSignal): Promise<IcDataAttribute[]> {
    attributes ??= (await http.get('/data_attributes', { query: { model: 'contact' }, schema: icDataAttributeListSchema, signal })).data;
    return attributes;
  }

  /** Every contact matching `query`, following `starting_after`. */
  async function searchAll(query: Record<string, unknown>, signal?: AbortSignal): Promise<IcContact[]> {
    const out: IcContact[] = [];
    let after: string | undefined;
    do {
      const page = await http.post('/contacts/search', { query, pagination: { per_page: MAX_PAGE, ...(after ? { starting_after: after } : {}) } }, { schema: icContactListSchema, signal, idempotent: true });
      out.push(...page.data);
      after = page.pages?.next?.starting_after ?? undefined;
    } while (after);
    return out;
  }

  /** Contacts whose `field` is one of `values`, a chunk of values a search. */
  async function searchIn(field: string, values: readonly string[], signal?: AbortSignal): Promise<IcContact[]> {
    const out: IcContact[] = [];
    const unique = [...new Set(values)];
    for (let i = 0; i < unique.length; i += IN_CHUNK) out.push(...(await searchAll({ field, operator: 'IN', value: unique.slice(i, i + IN_CHUNK) }, signal)));
    return out;
  }

  async function toContacts(list: readonly IcContact[], signal?: AbortSignal): Promise<Contact[]> {
    const names = await directory.namesOf(list, signal);
    return list.map((c, i) => icToContact(c, names[i]!));
  }

  async function byEmails(emails: readonly string[], signal?: AbortSignal): Promise<Map<string, IcContact[]>> {
    const found = await searchIn('email', emails.map((e) => e.trim().toLowerCase()).filter(Boolean), signal);
    const out = new Map<string, IcContact[]>();
    for (const c of found) {
      const key = (c.email ?? '').trim().toLowerCase();
      out.set(key, [...(out.get(key) ?? []), c]);
    }
    return out;
  }

  return {
    app: intercomApp,

    async fieldCatalog(signal) {
      return [...intercomFields, ...attributeDefs(await contactAttributes(signal))] as FieldCatalog;
    },

    async checkAuth(signal) {
      await contactAttributes(signal);
    },

    async settingChoices(key): Promise<SettingChoice[]> {
      return key === 'roleIfNew' ? [...ROLE_IF_NEW] : [];
    },

    async *changes(cursorText: string | null, options: ChangesOptions = {}): AsyncIterable<ChangePage> {
      let cursor = decodeCursor(cursorText);
      const perPage = Math.min(Math.max(options.pageSize ?? MAX_PAGE, 1), MAX_PAGE);
      for (;;) {
        const page = await http.post('/contacts/search', searchBody(cursor, perPage), { schema: icContactListSchema, signal: options.signal, idempotent: true });
        const step = stepPage(cursor, page.data, page.pages?.next?.starting_after);
        cursor = step.cursor;
        yield { records: await toContacts(step.fresh, options.signal), cursor: JSON.stringify(cursor), hasMore: !step.done };
        if (step.done) return;
      }
    },

    async getMany(ids, signal) {
      // Archived, merged and deleted contacts are not found by search: left out, as unknown ids are.
      return toContacts(await searchIn('id', ids, signal), signal);
    },

    async findByKey(key: MatchKey, values, signal) {
      const out = new Map<string, Contact[]>();
      if (key === 'email') {
        const found = await byEmails(values, signal);
        for (const raw of values) out.set(raw, await toContacts(found.get(raw.trim().toLowerCase()) ?? [], signal));
        return out;
      }
      // Phones are searched as written: Intercom compares them as text.
      const found = await searchIn('phone', values.filter((v) => v.trim() !== ''), signal);
      for (const raw of values) out.set(raw, await toContacts(found.filter((c) => c.phone === raw), signal));
      return out;
    },

    async upsertBatch(writes, _idempotencyKey, signal) {
      if (writes.length > intercomApp.batchLimit) {
        throw new UserError('E_BATCH_TOO_LARGE', `Intercom takes at most ${intercomApp.batchLimit} contacts per batch (got ${writes.length}).`);
      }
      return writeBatch(writes, {
        http,
        directory,
        roleIfNew,
        attributes: async (s) => new Set((await contactAttributes(s)).filter((a) => a.custom && !a.archived && a.api_writable !== false).map((a) => a.name)),
        byIds: (ids, s) => (ids.length ? searchIn('id', ids, s) : Promise.resolve([])),
        byEmails,
        signal,
      });
    },
  };
}
