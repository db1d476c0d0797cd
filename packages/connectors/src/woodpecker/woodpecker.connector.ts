import { createHash } from 'node:crypto';
import { type Contact } from '@sluice/graph';
import { UserError } from '@sluice/core';
import type { ChangePage, ChangesOptions, Connector, ConnectorContext, WriteResult } from '@sluice/engine';
import { systemClock } from '../http/clock';
import { createHttpClient } from '../http/http-client';
import type { HttpDeps } from '../pipedrive/pipedrive.connector';
import { woodpeckerApp, woodpeckerFields } from './woodpecker.app';
import { WP_READ_ONLY, prospectToContact, wpTime, writeToProspect } from './woodpecker.mapping';
import { type WpProspect, wpAddResultSchema, wpProspectListSchema } from './woodpecker.schemas';

/** Where one pass of `changes()` stands (pages are read newest first). */
interface WpCursor {
  /** Everything updated before this instant was delivered by an earlier pass. */
  since?: string;
  /** Ids already delivered whose update time equals `since`. */
  seen?: number[];
  /** Next page of this pass (1-based). */
  page?: number;
  /** Newest update time seen in this pass, and the ids at that time. */
  top?: string;
  topIds?: number[];
}

const AUTH_HELP = 'Create a new key in Woodpecker (Marketplace → Integrations → API keys) and paste it in the connection.';

/**
 * The Woodpecker connector (REST API v1): prospects with tags, status (BLACKLIST = unsubscribed),
 * snippets and industry/LinkedIn as custom fields. Incremental reads page through prospects sorted by
 * `-updated` and stop at the first one older than the last pass; writes go through
 * `add_prospects_list` (upsert by id or email, 100 per call); search by email.
 * Config: `baseUrl` (default `https://api.woodpecker.co/rest/v1`). Credential: `apiKey`, `apiBaseUrl`.
 */
export function createWoodpeckerConnector(context: ConnectorContext, deps: HttpDeps = {}): Connector {
  const apiKey = context.credential?.apiKey ?? context.credential?.apiToken;
  if (!apiKey) throw new UserError('E_CONFIG', `Woodpecker needs an API key. ${AUTH_HELP}`);
  const clock = deps.clock ?? systemClock;
  const http = createHttpClient({
    app: { id: 'woodpecker', name: 'Woodpecker', authHelp: AUTH_HELP },
    // `apiBaseUrl` in the credential: the address the key was added for (a self-hosted or proxied API).
    baseUrl: String(context.config.baseUrl ?? context.credential?.apiBaseUrl ?? 'https://api.woodpecker.co/rest/v1'),
    account: createHash('sha256').update(apiKey).digest('hex').slice(0, 16),
    // Woodpecker authenticates with HTTP Basic: the API key as user name, no password.
    headers: { authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}` },
    // Woodpecker asks integrations to keep requests few and sequential; stay well below a few per second.
    budget: { capacity: 4, refillPerSecond: 2 },
    ...deps,
  });
  const now = () => new Date(clock.now()).toISOString();

  async function byField(field: 'id' | 'email' | 'phone', value: string, signal?: AbortSignal): Promise<WpProspect[]> {
    return http.get('/prospects', { query: { search: `${field}=${value}`, per_page: 100, page: 1 }, schema: wpProspectListSchema, signal });
  }

  async function getMany(ids: readonly string[], signal?: AbortSignal): Promise<Contact[]> {
    const out: Contact[] = [];
    for (const id of ids) {
      if (!/^\d+$/.test(id)) continue;
      const hit = (await byField('id', id, signal)).find((p) => String(p.id) === id);
      if (hit) out.push(prospectToContact(hit, now()));
    }
    return out;
  }

  return {
    app: woodpeckerApp,

    async fieldCatalog() {
      return woodpeckerFields;
    },

    async checkAuth(signal) {
      await http.get('/prospects', { query: { per_page: 1, page: 1 }, schema: wpProspectListSchema, signal });
    },

    async *changes(cursorText: string | null, options: ChangesOptions = {}): AsyncIterable<ChangePage> {
      let state: WpCursor = {};
      if (cursorText) {
        try {
          state = JSON.parse(cursorText) as WpCursor;
        } catch {
          throw new UserError('E_BAD_CURSOR', 'The saved Woodpecker sync position is unreadable; start a full sync.');
        }
      }
      const perPage = Math.min(Math.max(options.pageSize ?? 100, 1), 500);
      const seen = new Set(state.seen ?? []);
      for (;;) {
        const page = state.page ?? 1;
        const list = await http.get('/prospects', { query: { sort: '-updated', page, per_page: perPage }, schema: wpProspectListSchema, signal: options.signal });
        let reachedOld = false;
        let { top, topIds = [] } = state;
        const fresh: WpProspect[] = [];
        for (const p of list) {
          const t = wpTime(p.updated) ?? '';
          if (state.since && t < state.since) {
            reachedOld = true;
            continue;
          }
          if (state.since && t === state.since && seen.has(p.id)) continue;
          fresh.push(p);
          if (!top || t > top) [top, topIds] = [t, [p.id]];
          else if (t === top) topIds = [...topIds, p.id];
        }
        const records = fresh.map((p) => prospectToContact(p, now()));
        if (!reachedOld && list.length === perPage) {
          state = { ...state, page: page + 1, top, topIds };
          yield { records, cursor: JSON.stringify(state), hasMore: true };
          continue;
        }
        const done: WpCursor =
          top && (!state.since || top > state.since) ? { since: top, seen: topIds } : { since: state.since, seen: [...seen, ...topIds] };
        yield { records, cursor: JSON.stringify(done), hasMore: false };
        return;
      }
    },

    getMany,

    async findByKey(key, values, signal) {
      const out = new Map<string, Contact[]>();
      for (const raw of values) {
        const term = key === 'email' ? raw.trim().toLowerCase() : raw.trim();
        const hits = term ? await byField(key, term, signal) : [];
        out.set(raw, hits.filter((p) => key !== 'email' || p.email?.trim().toLowerCase() === term).map((p) => prospectToContact(p, now())));
      }
      return out;
    },

    async upsertBatch(writes, _idempotencyKey, signal) {
      if (writes.length > woodpeckerApp.batchLimit) {
        throw new UserError('E_BATCH_TOO_LARGE', `Woodpecker takes at most ${woodpeckerApp.batchLimit} prospects per call (got ${writes.length}).`);
      }
      const results = new Map<string, WriteResult>();
      const sent: { ref: string; id?: string; prospect: Record<string, string> }[] = [];
      for (const w of writes) {
        const fields = Object.fromEntries(Object.entries(w.fields).filter(([k]) => !WP_READ_ONLY.has(k)));
        const { prospect } = writeToProspect(fields, w.id);
        if (!w.id && !prospect.email) {
          results.set(w.ref, { ref: w.ref, ok: false, code: 'E_EMAIL_REQUIRED', message: 'Woodpecker needs an email address to create a prospect.' });
          continue;
        }
        sent.push({ ref: w.ref, id: w.id, prospect });
      }
      if (sent.length) {
        // Upserts match on id or email, so sending the same batch twice creates nothing twice: safe to retry.
        const res = await http.post(
          '/add_prospects_list',
          { update: 'true', prospects: sent.map((s) => s.prospect) },
          { schema: wpAddResultSchema, signal, idempotent: true },
        );
        const answers = res.prospects ?? [];
        for (const [i, s] of sent.entries()) {
          const a = answers[i] ?? answers.find((x) => x.email?.toLowerCase() === s.prospect.email?.toLowerCase());
          let id = a?.id ? String(a.id) : s.id;
          if (!id && s.prospect.email) id = (await byField('email', s.prospect.email, signal))[0]?.id?.toString();
          if (!a || (a.status && a.status !== 'OK') || !id) {
            results.set(s.ref, { ref: s.ref, ok: false, code: 'E_APP_REJECTED', message: `Woodpecker did not take the prospect: ${a?.msg ?? a?.status ?? 'no answer for it'}.` });
            continue;
          }
          // A new prospect holds exactly what was sent; an updated one is read back for its other fields.
          const [record] = s.id ? await getMany([id], signal) : [prospectToContact({ ...s.prospect, id: Number(id), status: 'ACTIVE', updated: null }, now())];
          if (!record) {
            results.set(s.ref, { ref: s.ref, ok: false, code: 'E_NOT_FOUND', message: `Woodpecker prospect ${id} was written but cannot be read back.` });
            continue;
          }
          results.set(s.ref, { ref: s.ref, ok: true, id, created: !s.id, record });
        }
      }
      return writes.map((w) => results.get(w.ref)!);
    },
  };
}
