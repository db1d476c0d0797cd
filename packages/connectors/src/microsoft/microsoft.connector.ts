import type { Contact } from '@sluice/graph';
import { UserError, isUserError } from '@sluice/core';
import type { ChangePage, ChangesOptions, Connector, ConnectorContext, SettingChoice } from '@sluice/engine';
import { systemClock } from '../http/clock';
import type { HttpDeps } from '../pipedrive/pipedrive.connector';
import { mapConcurrent } from '../sdk/map-concurrent';
import { createMicrosoftApi, isNotFound } from './microsoft.api';
import { microsoftApp } from './microsoft.app';
import { type MsCursor, decodeCursor, relativeLink } from './microsoft.cursor';
import { CONTACT_SELECT, contactToCanonical, emailsOf, removedContact } from './microsoft.mapping';
import { type MsContact, msContactsPageSchema, msDeltaPageSchema, msFolderSchema, msFoldersPageSchema } from './microsoft.schemas';
import { MAILBOX_CONCURRENCY, writeBatch } from './microsoft.writes';

/** The default page of a delta round, and Graph's largest. */
const PAGE = 200;
const MAX_PAGE = 1000;
/** Idempotency keys whose created ids are kept (a retried batch comes right after the lost one). */
const REMEMBERED_BATCHES = 64;

/** The folder a side syncs: `default` (Outlook's "Contacts") unless the settings name one. */
function folderOf(config: Record<string, unknown>): string {
  const v = config.folderId;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : 'default';
}

/** An OData string literal: single quotes doubled. Pure. */
const odataString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The Microsoft 365 / Outlook contacts connector (Microsoft Graph v1.0): the contacts of the default
 * folder or of one chosen folder (`config.folderId`). Reads by delta query: a round follows
 * `@odata.nextLink` until a page carries `@odata.deltaLink`, which is the checkpoint; the next run
 * fetches it and gets only what changed, deletions (and moves out of the folder) as `@removed`; an
 * expired delta link (410) starts a full round again. Writes one contact a request (`POST`, `PATCH`),
 * four at a time; finds contacts by e-mail with `$filter`. OAuth 2.0 with refresh (see microsoft.api.ts).
 * Config: `folderId`, `baseUrl` (tests and proxies), `tokenUrl` (the operator's). Credential:
 * `accessToken`, `refreshToken`, `expiresAt`, `clientId`, `clientSecret`, `apiBaseUrl`.
 */
export function createMicrosoftConnector(context: ConnectorContext, deps: HttpDeps = {}): Connector {
  const api = createMicrosoftApi(context, deps);
  const { http, call } = api;
  const folder = folderOf(context.config);
  const contactsPath = folder === 'default' ? '/me/contacts' : `/me/contactFolders/${encodeURIComponent(folder)}/contacts`;
  const clock = deps.clock ?? systemClock;
  const now = () => new Date(clock.now()).toISOString();
  const createdBy = new Map<string, Map<string, string>>();

  async function findByEmail(email: string, signal?: AbortSignal): Promise<MsContact[]> {
    const wanted = email.trim().toLowerCase();
    if (!wanted) return [];
    const page = await call(() =>
      http.get(contactsPath, {
        query: { $filter: `emailAddresses/any(a:a/address eq ${odataString(wanted)})`, $select: CONTACT_SELECT, $top: 50 },
        schema: msContactsPageSchema,
        signal,
      }),
    );
    // Graph matches any of a contact's addresses; the canonical email is the first one.
    return page.value.filter((c) => emailsOf(c)[0]?.toLowerCase() === wanted);
  }

  /** One delta round from `start` (a full one when undefined), a page at a time. */
  async function* round(start: MsCursor | undefined, options: ChangesOptions): AsyncGenerator<ChangePage> {
    const headers = { prefer: `odata.maxpagesize=${Math.min(Math.max(options.pageSize ?? PAGE, 1), MAX_PAGE)}` };
    let link = start?.link;
    for (;;) {
      const at = link;
      // Query options go on the first request only: the links Graph hands out carry them.
      const page = await call(() =>
        at
          ? http.get(api.root + at, { headers, schema: msDeltaPageSchema, signal: options.signal })
          : http.get(`${contactsPath}/delta`, { query: { $select: CONTACT_SELECT }, headers, schema: msDeltaPageSchema, signal: options.signal }),
      );
      const records: Contact[] = page.value.map((item) => ('@removed' in item ? removedContact(item.id, now()) : contactToCanonical(item as MsContact, now())));
      const next = page['@odata.nextLink'];
      link = relativeLink((next ?? page['@odata.deltaLink'])!, api.root);
      yield { records, cursor: JSON.stringify({ folder, link, done: !next } satisfies MsCursor), hasMore: Boolean(next) };
      if (!next) return;
    }
  }

  return {
    app: microsoftApp,

    async fieldCatalog() {
      return microsoftApp.fields;
    },

    async checkAuth(signal) {
      if (folder === 'default') {
        await call(() => http.get('/me/contacts', { query: { $select: 'id', $top: 1 }, schema: msContactsPageSchema, signal }));
        return;
      }
      await call(() => http.get(`/me/contactFolders/${encodeURIComponent(folder)}`, { query: { $select: 'id,displayName' }, schema: msFolderSchema, signal })).catch((error: unknown) => {
        if (isNotFound(error)) throw new UserError('E_CONFIG', `This Microsoft account has no contacts folder "${folder}" (deleted, or another account's): choose the folder again.`);
        throw error;
      });
    },

    async settingChoices(key, signal): Promise<SettingChoice[]> {
      if (key !== 'folderId') return [];
      const out: SettingChoice[] = [{ value: 'default', label: 'Contacts (the default folder)' }];
      let page = await call(() => http.get('/me/contactFolders', { query: { $select: 'id,displayName', $top: 100 }, schema: msFoldersPageSchema, signal }));
      for (;;) {
        for (const f of page.value) out.push({ value: f.id, label: f.displayName || f.id });
        const next = page['@odata.nextLink'];
        if (!next) return out;
        const at = relativeLink(next, api.root);
        page = await call(() => http.get(api.root + at, { schema: msFoldersPageSchema, signal }));
      }
    },

    async *changes(cursorText: string | null, options: ChangesOptions = {}): AsyncIterable<ChangePage> {
      let cursor = decodeCursor(cursorText);
      // A position in another folder (the setting changed) means nothing here: read this folder whole.
      if (cursor && cursor.folder !== folder) cursor = undefined;
      let started = false;
      try {
        for await (const page of round(cursor, options)) {
          started = true;
          yield page;
        }
      } catch (error) {
        // Graph forgets delta state after a while and answers 410 Gone: a full round starts over.
        const status = isUserError(error) ? (error.details as { status?: number } | undefined)?.status : undefined;
        if (status !== 410 || !cursor || started) throw error;
        yield* round(undefined, options);
      }
    },

    async getMany(ids, signal) {
      const found = await mapConcurrent(ids, MAILBOX_CONCURRENCY, (id) => api.contact(id, signal));
      // A contact moved to another folder is no longer this side's.
      return found.filter((c): c is MsContact => !!c && (folder === 'default' || c.parentFolderId === folder)).map((c) => contactToCanonical(c, now()));
    },

    async findByKey(key, values, signal) {
      const out = new Map<string, Contact[]>();
      // Graph filters contacts by e-mail address; phone numbers are not searchable, so they match nobody here.
      const found = await mapConcurrent(values, MAILBOX_CONCURRENCY, (raw) => (key === 'email' ? findByEmail(raw, signal) : Promise.resolve([])));
      values.forEach((raw, i) => out.set(raw, found[i]!.map((c) => contactToCanonical(c, now()))));
      return out;
    },

    async upsertBatch(writes, idempotencyKey, signal) {
      if (writes.length > microsoftApp.batchLimit) {
        throw new UserError('E_BATCH_TOO_LARGE', `Outlook (Microsoft 365) takes at most ${microsoftApp.batchLimit} contacts per batch (got ${writes.length}).`);
      }
      const retried = createdBy.has(idempotencyKey);
      const created = createdBy.get(idempotencyKey) ?? new Map<string, string>();
      createdBy.set(idempotencyKey, created);
      while (createdBy.size > REMEMBERED_BATCHES) createdBy.delete(createdBy.keys().next().value!);
      return writeBatch(writes, { api, contactsPath, created, retried, findByEmail, now, signal });
    },
  };
}
