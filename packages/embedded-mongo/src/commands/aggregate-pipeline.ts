/**
 * Runs an aggregation pipeline over exactly typed documents: the stages typed-stages knows run
 * there (values keep their BSON types); `$lookup { from, localField, foreignField, as }` reads
 * the foreign collection itself — only the matching documents, one indexed `$in` per input
 * document, when the foreign field has an index, else the collection once; any other stage runs
 * in mingo, on values made plain for it (see plain-values), with whole foreign collections for
 * `$lookup` pipelines, `$graphLookup` and `$unionWith`.
 */
import { Aggregator } from 'mingo';
import { toPlain } from '../bson/plain-values';
import { typedStage } from '../aggregate/typed-stages';
import { docOf } from '../storage/collection.handle';
import { EMPTY_ARRAY, valuesAtPath } from '../storage/index-key.codec';
import { compileFilter } from '../storage/simple-filter';
import type { CommandContext, Doc } from './command.context';

interface SimpleLookup {
  from: string;
  localField: string;
  foreignField: string;
  as: string;
}

function simpleLookup(stage: Doc): SimpleLookup | undefined {
  const keys = Object.keys(stage);
  if (keys.length !== 1 || keys[0] !== '$lookup') return undefined;
  const spec = stage.$lookup as Record<string, unknown>;
  const names = Object.keys(spec).sort().join(',');
  if (names !== 'as,foreignField,from,localField') return undefined;
  const { from, localField, foreignField, as } = spec;
  if (typeof from !== 'string' || typeof localField !== 'string' || typeof foreignField !== 'string' || typeof as !== 'string') return undefined;
  if (as.includes('.') || as.startsWith('$')) return undefined;
  return { from, localField, foreignField, as };
}

/** Documents of another collection, whole, for the stages mingo runs. */
function resolver(ctx: CommandContext | undefined): (name: string) => Doc[] {
  return (name) => (ctx?.store.collection(ctx.db, name)?.find() ?? []).map((d) => toPlain(docOf(d)));
}

/** The values a `$lookup` looks for: a missing or null local value matches null or missing foreign fields, as in mongod. */
function lookupValues(doc: Doc, localField: string): unknown[] {
  return valuesAtPath(doc, localField)
    .filter((v) => v !== EMPTY_ARRAY)
    .map((v) => (v === undefined ? null : v));
}

/**
 * Every stage of `pipeline` over `source`, in order. `ctx` gives access to other collections
 * (`$lookup`, `$unionWith`); pipeline updates run without it.
 */
export function runPipeline(source: Doc[], pipeline: Doc[], ctx?: CommandContext): Doc[] {
  let docs = source;
  let segment: Doc[] = [];
  const flush = (): void => {
    if (segment.length > 0) docs = new Aggregator(segment, { collectionResolver: resolver(ctx) }).run(docs.map(toPlain)) as Doc[];
    segment = [];
  };
  for (const stage of pipeline) {
    const lookup = simpleLookup(stage);
    if (lookup && ctx) {
      flush();
      const foreign = ctx.store.collection(ctx.db, lookup.from);
      // Without an index on the foreign field, read the foreign collection once rather than scan it per document.
      const indexed = foreign?.plan({ [lookup.foreignField]: '' }) !== undefined;
      const all = foreign && !indexed ? foreign.find().map(docOf) : [];
      docs = docs.map((doc) => {
        const filter = { [lookup.foreignField]: { $in: lookupValues(doc, lookup.localField) } };
        const matches = !foreign ? [] : indexed ? foreign.find(filter).map(docOf) : all.filter(compileFilter(filter));
        return { ...doc, [lookup.as]: matches };
      });
      continue;
    }
    const typed = typedStage(stage);
    if (!typed) {
      segment.push(stage);
      continue;
    }
    flush();
    docs = typed(docs);
  }
  flush();
  return docs;
}
