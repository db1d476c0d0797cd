import { type Contact, type FieldCatalog } from '@sluice/graph';
import { UserError } from '@sluice/core';
import type { ChangePage, ChangesOptions, Connector, ConnectorContext, MatchKey, SettingChoice } from '@sluice/engine';
import { systemClock } from '../http/clock';
import { mapConcurrent } from '../sdk/map-concurrent';
import { type McDeps, MEMBER_FIELDS, createMailchimpApi } from './mailchimp.api';
import { STATUS_IF_NEW, type StatusIfNew, mailchimpApp, mailchimpFields } from './mailchimp.app';
import { type McCursor, type WalkCursor, decodeCursor, sinceParam, stepWalk } from './mailchimp.cursor';
import { memberToContact, mergeFieldDefs, subscriberHash } from './mailchimp.mapping';
import { type McMergeField, mcListSchema, mcListsPageSchema, mcMembersPageSchema, mcMergeFieldsPageSchema, mcPingSchema } from './mailchimp.schemas';
import { MEMBER_CONCURRENCY, writeBatch } from './mailchimp.writes';

export type { McDeps } from './mailchimp.api';

/** Mailchimp's largest page of members. */
const MAX_PAGE = 1000;
const MEMBERS_PAGE_FIELDS = [...MEMBER_FIELDS.map((f) => `members.${f}`), 'total_items'].join(',');

function statusIfNewOf(value: unknown): StatusIfNew {
  if (value === undefined || value === null || value === '') return 'subscribed';
  if (STATUS_IF_NEW.some((c) => c.value === value)) return value as StatusIfNew;
  throw new UserError('E_CONFIG', `"${String(value)}" is not a status Mailchimp gives new contacts: choose subscribed, transactional or pending.`);
}

/**
 * The Mailchimp connector (Marketing API 3.0): the members of one audience (`config.listId`) with the
 * FNAME, LNAME, PHONE and ADDRESS merge fields, the audience's own merge fields, tags and status.
 * Reads by `since_last_changed` (keyset over `last_changed`, see mailchimp.cursor.ts) and, after the
 * first pass, archived members as deletions; writes through batch subscribe, the upsert by subscriber
 * hash and PATCH, tags through the member tags endpoint; finds members by email (subscriber hash).
 * Config: `listId`, `statusIfNew` (`subscribed` default, `transactional`, `pending`), `baseUrl` (tests
 * and proxies). Credential: `apiKey` (ending in its data centre, e.g. `-us6`) or OAuth `accessToken`.
 */
export function createMailchimpConnector(context: ConnectorContext, deps: McDeps = {}): Connector {
  const api = createMailchimpApi(context, deps);
  const listId = typeof context.config.listId === 'string' && context.config.listId.trim() !== '' ? context.config.listId.trim() : undefined;
  const statusIfNew = statusIfNewOf(context.config.statusIfNew);
  const clock = deps.clock ?? systemClock;
  const now = () => new Date(clock.now()).toISOString();
  let mergeFields: McMergeField[] | undefined;

  function audience(): string {
    if (!listId) throw new UserError('E_CONFIG', 'Choose the Mailchimp audience this connection syncs (its settings, "Audience").');
    return listId;
  }
  const listPath = () => `/lists/${encodeURIComponent(audience())}`;

  async function audienceMergeFields(signal?: AbortSignal): Promise<McMergeField[]> {
    if (mergeFields) return mergeFields;
    const http = await api.http();
    const all: McMergeField[] = [];
    for (let offset = 0; ; offset += MAX_PAGE) {
      const page = await http.get(`${listPath()}/merge-fields`, { query: { count: MAX_PAGE, offset }, schema: mcMergeFieldsPageSchema, signal });
      all.push(...page.merge_fields);
      if (page.merge_fields.length < MAX_PAGE) break;
    }
    return (mergeFields = all);
  }

  /** One walk (members, or archived members) from `start`, a page at a time. */
  async function* walk(start: WalkCursor, archived: boolean, pageSize: number, signal?: AbortSignal): AsyncGenerator<{ records: Contact[]; next: WalkCursor; done: boolean }> {
    const http = await api.http();
    let cursor = start;
    for (;;) {
      const page = await http.get(`${listPath()}/members`, {
        query: {
          fields: MEMBERS_PAGE_FIELDS,
          count: pageSize,
          offset: cursor.skip ?? 0,
          sort_field: 'last_changed',
          sort_dir: 'ASC',
          since_last_changed: sinceParam(cursor.at),
          status: archived ? 'archived' : undefined,
        },
        schema: mcMembersPageSchema,
        signal,
      });
      const step = stepWalk(cursor, page.members, pageSize);
      // The members walk reports an archived member as a deletion too, should Mailchimp list it there.
      yield { records: step.fresh.map((m) => memberToContact(m, now())), next: step.next, done: step.done };
      if (step.done) return;
      cursor = step.next;
    }
  }

  /** Where the archived walk starts after a first pass: past the member archived last (one request). */
  async function newestArchived(signal?: AbortSignal): Promise<WalkCursor> {
    const http = await api.http();
    const page = await http.get(`${listPath()}/members`, {
      query: { fields: MEMBERS_PAGE_FIELDS, count: 1, status: 'archived', sort_field: 'last_changed', sort_dir: 'DESC' },
      schema: mcMembersPageSchema,
      signal,
    });
    return stepWalk({}, page.members, 2).next;
  }

  return {
    app: mailchimpApp,

    async fieldCatalog(signal) {
      if (!listId) return mailchimpFields;
      return [...mailchimpFields, ...mergeFieldDefs(await audienceMergeFields(signal))] as FieldCatalog;
    },

    async checkAuth(signal) {
      const http = await api.http();
      if (!listId) {
        await http.get('/ping', { schema: mcPingSchema, signal });
        return;
      }
      await http.get(listPath(), { query: { fields: 'id,name' }, schema: mcListSchema, signal }).catch((error: unknown) => {
        const status = (error as UserError).details?.status;
        if (status === 404) throw new UserError('E_CONFIG', `Mailchimp has no audience "${listId}" for this key (deleted, or another account's): choose the audience again.`);
        throw error;
      });
    },

    async settingChoices(key, signal): Promise<SettingChoice[]> {
      if (key === 'statusIfNew') return [...STATUS_IF_NEW];
      if (key !== 'listId') return [];
      const http = await api.http();
      const out: SettingChoice[] = [];
      for (let offset = 0; ; offset += MAX_PAGE) {
        const page = await http.get('/lists', {
          query: { fields: 'lists.id,lists.name,lists.stats.member_count,total_items', count: MAX_PAGE, offset, sort_field: 'date_created', sort_dir: 'ASC' },
          schema: mcListsPageSchema,
          signal,
        });
        for (const l of page.lists) {
          const n = l.stats?.member_count;
          out.push({ value: l.id, label: l.name, ...(typeof n === 'number' ? { help: `${n.toLocaleString('en')} subscribed contact${n === 1 ? '' : 's'}` } : {}) });
        }
        if (page.lists.length < MAX_PAGE) return out;
      }
    },

    async *changes(cursorText: string | null, options: ChangesOptions = {}): AsyncIterable<ChangePage> {
      audience();
      const state = decodeCursor(cursorText);
      const pageSize = Math.min(Math.max(options.pageSize ?? 500, 1), MAX_PAGE);
      const first = !state.archived;
      let cursor: McCursor = state;
      if (cursor.phase !== 'archived') {
        for await (const step of walk(cursor.members, false, pageSize, options.signal)) {
          const over = step.done && first;
          // The first pass ends here; the archived walk of later passes starts after the newest archived member now.
          const archived = cursor.archived ?? (over ? await newestArchived(options.signal) : undefined);
          cursor = step.done ? { members: step.next, archived, ...(over ? {} : { phase: 'archived' as const }) } : { ...cursor, members: step.next };
          yield { records: step.records, cursor: JSON.stringify(cursor), hasMore: !over };
          if (over) return;
        }
      }
      for await (const step of walk(cursor.archived ?? {}, true, pageSize, options.signal)) {
        cursor = step.done ? { members: cursor.members, archived: step.next } : { ...cursor, archived: step.next, phase: 'archived' };
        // Only deletions come from this walk (an archived member's other fields are as they were).
        yield { records: step.records.filter((r) => r.deleted), cursor: JSON.stringify(cursor), hasMore: !step.done };
      }
    },

    async getMany(ids, signal) {
      const members = await mapConcurrent(ids, MEMBER_CONCURRENCY, (id) => api.member(audience(), id, signal));
      // Archived members count as deleted: left out, as ids that do not exist are.
      return members.filter((m) => m && m.status !== 'archived').map((m) => memberToContact(m!, now()));
    },

    async findByKey(key: MatchKey, values, signal) {
      const out = new Map<string, Contact[]>();
      // Mailchimp finds members by email (the subscriber hash) only; a phone number matches nobody here.
      const found = await mapConcurrent(values, MEMBER_CONCURRENCY, async (raw) =>
        key === 'email' && raw.trim() !== '' ? api.member(audience(), subscriberHash(raw), signal) : undefined,
      );
      values.forEach((raw, i) => {
        const m = found[i];
        out.set(raw, m && m.status !== 'archived' ? [memberToContact(m, now())] : []);
      });
      return out;
    },

    async upsertBatch(writes, _idempotencyKey, signal) {
      if (writes.length > mailchimpApp.batchLimit) {
        throw new UserError('E_BATCH_TOO_LARGE', `Mailchimp takes at most ${mailchimpApp.batchLimit} members per batch (got ${writes.length}).`);
      }
      return writeBatch(writes, {
        api,
        listId: audience(),
        statusIfNew,
        mergeTags: async (s) => new Set((await audienceMergeFields(s)).map((f) => f.tag)),
        now,
        signal,
      });
    },
  };
}
