/**
 * Runs an aggregation pipeline with mingo, except `$lookup { from, localField, foreignField, as }`
 * stages whose foreign field has an index: those read only the matching foreign documents, one
 * indexed `$in` per input document, instead of handing mingo the whole foreign collection (which
 * put every document of it in memory at once). Other lookups, `$graphLookup` and `$unionWith`
 * still get whole collections through the resolver.
 */
import { Aggregator } from 'mingo';
import { docOf } from '../storage/collection.handle';
import { valuesAtPath } from '../storage/index-key.codec';
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
function resolver(ctx: CommandContext): (name: string) => Doc[] {
  return (name) => (ctx.store.collection(ctx.db, name)?.find() ?? []).map(docOf);
}

/** Every stage of `pipeline` over `source`, in order. */
export function runPipeline(source: Doc[], pipeline: Doc[], ctx: CommandContext): Doc[] {
  let docs = source;
  let segment: Doc[] = [];
  const flush = (): void => {
    if (segment.length > 0) docs = new Aggregator(segment, { collectionResolver: resolver(ctx) }).run(docs) as Doc[];
    segment = [];
  };
  for (const stage of pipeline) {
    const lookup = simpleLookup(stage);
    const foreign = lookup ? ctx.store.collection(ctx.db, lookup.from) : undefined;
    // Without an index on the foreign field, one scan per input document would cost more than mingo's single load.
    if (!lookup || (foreign && !foreign.plan({ [lookup.foreignField]: '' }))) {
      segment.push(stage);
      continue;
    }
    flush();
    docs = docs.map((doc) => {
      // A missing or null local value matches foreign documents whose field is null or missing, as in mongod.
      const values = valuesAtPath(doc, lookup.localField).map((v) => (v === undefined ? null : v));
      const matches = foreign ? foreign.find({ [lookup.foreignField]: { $in: values } }).map(docOf) : [];
      return { ...doc, [lookup.as]: matches };
    });
  }
  flush();
  return docs;
}
