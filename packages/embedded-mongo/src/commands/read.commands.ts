/**
 * Reads: find, getMore, killCursors, count, distinct, aggregate and explain.
 */
import { docOf } from '../storage/collection.handle';
import { encodeResult } from '../storage/document-size';
import { EMPTY_ARRAY, encodeKeyValue, valuesAtPath } from '../storage/index-key.codec';
import { type CommandHandler, type Doc } from './command.context';
import { runPipeline } from './aggregate-pipeline';
import { commandError } from './mongo-command.error';
import { queryLazy, queryStored } from './query-runner';

function num(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = Number(typeof v === 'object' ? String(v) : v);
  return Number.isFinite(n) ? n : undefined;
}

const find: CommandHandler = (cmd, ctx) => {
  const name = String(cmd.find);
  const limit = num(cmd.limit) ?? 0;
  const docs = queryLazy(ctx.store.collection(ctx.db, name), {
    filter: (cmd.filter ?? {}) as Doc,
    sort: cmd.sort as Doc | undefined,
    skip: num(cmd.skip),
    limit,
    projection: cmd.projection as Doc | undefined,
  });
  const singleBatch = cmd.singleBatch === true || limit < 0;
  return ctx.cursors.openReply(`${ctx.db}.${name}`, docs, num(cmd.batchSize), singleBatch);
};

const getMore: CommandHandler = (cmd, ctx) => ctx.cursors.getMore(num(cmd.getMore) ?? 0, num(cmd.batchSize));

const killCursors: CommandHandler = (cmd, ctx) => {
  const ids = ((cmd.cursors ?? []) as unknown[]).map((c) => num(c) ?? 0);
  const { killed, notFound } = ctx.cursors.kill(ids);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
};

const count: CommandHandler = (cmd, ctx) => {
  const handle = ctx.store.collection(ctx.db, String(cmd.count));
  const query = (cmd.query ?? {}) as Doc;
  const skip = num(cmd.skip) ?? 0;
  const limit = Math.abs(num(cmd.limit) ?? 0);
  let n: number;
  if (!handle) n = 0;
  else if (Object.keys(query).length === 0) n = handle.count();
  else n = handle.find(query).length;
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
};

const distinct: CommandHandler = (cmd, ctx) => {
  const key = String(cmd.key);
  const docs = queryStored(ctx.store.collection(ctx.db, String(cmd.distinct)), { filter: (cmd.query ?? {}) as Doc });
  const seen = new Map<string, unknown>();
  for (const d of docs) {
    for (const v of valuesAtPath(docOf(d), key)) {
      if (v === undefined || v === EMPTY_ARRAY) continue;
      const k = encodeKeyValue(v).toString('latin1');
      if (!seen.has(k)) seen.set(k, v);
    }
  }
  const values = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return { values, ok: 1 };
};

const aggregate: CommandHandler = (cmd, ctx) => {
  const pipeline = (cmd.pipeline ?? []) as Doc[];
  if (!Array.isArray(pipeline)) throw commandError('TypeMismatch', "'pipeline' option must be specified as an array");
  for (const stage of pipeline) {
    const op = Object.keys(stage)[0];
    if (op === '$out' || op === '$merge') throw commandError('NotImplemented', `${op} is not supported by the embedded server`);
  }
  const target = cmd.aggregate;
  let source: Doc[] = [];
  let rest = pipeline;
  if (typeof target === 'string') {
    const first = pipeline[0];
    const filter = first && '$match' in first ? (first.$match as Doc) : {};
    if (first && '$match' in first) rest = pipeline.slice(1);
    source = queryStored(ctx.store.collection(ctx.db, target), { filter }).map(docOf);
  }
  const out = runPipeline(source, rest, ctx);
  const ns = typeof target === 'string' ? `${ctx.db}.${target}` : `${ctx.db}.$cmd.aggregate`;
  const cursor = (cmd.cursor ?? {}) as { batchSize?: unknown };
  return ctx.cursors.openReply(ns, out.map(encodeResult), num(cursor.batchSize));
};

const explain: CommandHandler = (cmd, ctx) => {
  const inner = (cmd.explain ?? {}) as Doc;
  const name = String(inner.find ?? inner.count ?? inner.aggregate ?? inner.distinct ?? '');
  const filter = (inner.filter ?? inner.query ?? {}) as Doc;
  const handle = ctx.store.collection(ctx.db, name);
  const sort = inner.sort as Doc | undefined;
  const ordered = handle && sort && Object.keys(sort).length > 0 ? handle.orderedPlan(filter, sort) : undefined;
  const { plan, sqlitePlan } = handle ? handle.explain(filter) : { plan: undefined, sqlitePlan: [] };
  const used = ordered?.plan ?? plan;
  const keyPattern = used && handle?.indexSpecs().find((s) => s.name === used.indexName)?.key;
  let winningPlan: Doc = used
    ? {
        stage: 'FETCH',
        inputStage: {
          stage: 'IXSCAN',
          indexName: used.indexName,
          keyPattern,
          keyRanges: used.ranges.length,
          direction: ordered?.descending ? 'backward' : 'forward',
        },
      }
    : { stage: 'COLLSCAN', filter };
  // results come out of the index already sorted, or are sorted in memory
  if (sort && Object.keys(sort).length > 0 && !ordered) winningPlan = { stage: 'SORT', sortPattern: sort, inputStage: winningPlan };
  return {
    queryPlanner: { namespace: `${ctx.db}.${name}`, parsedQuery: filter, winningPlan, rejectedPlans: [] },
    sqlitePlan,
    serverInfo: { host: '127.0.0.1', port: ctx.server.port, version: '7.0.0' },
    ok: 1,
  };
};

export const readCommands: Record<string, CommandHandler> = {
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
  explain,
};
