import { createHash } from 'node:crypto';
import { matchValue, type ConnectionConfig, type Direction, type Link } from '@sluice/engine';
import type { Contact } from '@sluice/graph';
import type { ApiContext } from '../context';
import { closeConnectors, openConnectors } from '@sluice/runtime';
import { buildPreview, type PreviewItem, type PreviewMatch, type PreviewResult } from './preview.builder';
import { sampleCache, type CachedSample } from './sample.cache';

type AuthedCtx = ApiContext & { user: NonNullable<ApiContext['user']> };

export interface PreviewRequest {
  config: ConnectionConfig;
  /** The stored connection (links come from it), absent for an unsaved draft. */
  connectionId?: string;
  direction: Direction;
  sampleSize: number;
  refresh: boolean;
  includeTrace?: boolean;
  /** `sample.fetchedAt` of a sample the client already holds: records are then left out of the answer. */
  knownSample?: number;
  /** The saved rules of the direction, for the impact of the draft (null: none saved). */
  saved: ConnectionConfig['rules'][Direction] | null;
}

function cacheKey(workspaceId: string, req: PreviewRequest): string {
  const apps = createHash('sha256').update(JSON.stringify(req.config.apps)).digest('base64url').slice(0, 16);
  return `${workspaceId}:${req.connectionId ?? 'draft'}:${apps}:${req.direction}:${JSON.stringify(req.config.match)}`;
}

/** Reads up to `size` source records and finds each one's counterpart on the other side (link first, then match keys). */
async function readSample(ctx: AuthedCtx, req: PreviewRequest): Promise<CachedSample> {
  const connectors = await openConnectors(ctx.db, ctx.connectors, ctx.user.workspaceId, req.config);
  try {
    const sourceSide = req.direction === 'aToB' ? 'a' : 'b';
    const source = connectors[sourceSide];
    const target = connectors[sourceSide === 'a' ? 'b' : 'a'];
    const signal = AbortSignal.timeout(30_000);
    const records: Contact[] = [];
    let complete = true;
    for await (const page of source.changes(null, { pageSize: Math.min(req.sampleSize, 500), signal })) {
      for (const r of page.records) if (!r.deleted && records.length < req.sampleSize) records.push(r);
      if (records.length >= req.sampleSize) {
        complete = !page.hasMore;
        break;
      }
    }
    const [catalogA, catalogB] = await Promise.all([connectors.a.fieldCatalog(signal), connectors.b.fieldCatalog(signal)]);
    const links = new Map<string, Link>();
    const matches = new Map<string, PreviewMatch>();
    if (req.connectionId) {
      const scope = { workspaceId: ctx.user.workspaceId, connectionId: req.connectionId };
      const ids = records.map((r) => r.id);
      const found = sourceSide === 'a' ? await ctx.db.links.findByA(scope, ids) : await ctx.db.links.findByB(scope, ids);
      for (const l of found) links.set(sourceSide === 'a' ? l.aId : l.bId, l);
      const linkedTargets = [...links.values()].map((l) => (sourceSide === 'a' ? l.bId : l.aId));
      if (linkedTargets.length > 0) {
        const byId = new Map((await target.getMany(linkedTargets, signal)).map((c) => [c.id, c]));
        for (const [sourceId, l] of links) {
          const t = byId.get(sourceSide === 'a' ? l.bId : l.aId);
          if (t) matches.set(sourceId, { id: t.id, by: 'link', record: t });
        }
      }
    }
    for (const key of req.config.match.keys) {
      const wanted = new Map<string, string[]>();
      for (const r of records) {
        if (matches.has(r.id)) continue;
        const v = matchValue(r, key, req.config.match.defaultCountry);
        if (v !== undefined) wanted.set(v, [...(wanted.get(v) ?? []), r.id]);
      }
      if (wanted.size === 0) continue;
      const found = await target.findByKey(key, [...wanted.keys()], signal);
      for (const [value, candidates] of found) {
        const first = candidates.find((c) => !c.deleted);
        if (!first) continue;
        const normalized = matchValue(first, key, req.config.match.defaultCountry) ?? value;
        for (const id of wanted.get(normalized) ?? wanted.get(value) ?? []) if (!matches.has(id)) matches.set(id, { id: first.id, by: key, record: first });
      }
    }
    return { records, matches, links, catalogs: { a: catalogA, b: catalogB }, fetchedAt: Date.now(), complete };
  } finally {
    await closeConnectors(connectors);
  }
}

/** The live preview: cached sample (refreshable) evaluated against the draft's rules, mappings and conflict settings. */
export async function runPreview(
  ctx: AuthedCtx,
  req: PreviewRequest,
): Promise<PreviewResult & { sample: { size: number; fetchedAt: number; cached: boolean; recordsOmitted: boolean } }> {
  const key = cacheKey(ctx.user.workspaceId, req);
  let sample = req.refresh ? undefined : sampleCache.get(key, req.sampleSize);
  const cached = Boolean(sample);
  if (!sample) {
    sample = await readSample(ctx, req);
    sampleCache.set(key, sample);
  }
  const records = sample.records.length > req.sampleSize ? sample.records.slice(0, req.sampleSize) : sample.records;
  const result = buildPreview({
    config: req.config,
    direction: req.direction,
    samples: records,
    catalogs: sample.catalogs,
    matches: sample.matches,
    links: sample.links,
    saved: req.saved,
    includeTrace: req.includeTrace ?? false,
  });
  // The editor previews again after every edit: records it already holds need not travel again.
  const omit = req.knownSample !== undefined && req.knownSample === sample.fetchedAt;
  if (omit) {
    result.items = result.items.map(({ record: _record, match, ...rest }) => ({ ...rest, ...(match ? { match: { id: match.id, by: match.by } } : {}) }) as PreviewItem);
  }
  const answer = { ...result, sample: { size: records.length, fetchedAt: sample.fetchedAt, cached, recordsOmitted: omit } };
  // Records can be large (long notes, many custom fields): the answer's size is what is capped.
  ctx.work.answer(JSON.stringify(answer).length, 'preview', 'ask for fewer records (sampleSize), or leave out traces');
  return answer;
}
