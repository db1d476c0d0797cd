/**
 * findAndModify: atomically find one document (honouring `sort`), then update, replace or
 * remove it, or upsert when nothing matched; answers the document before or after (`new`),
 * projected by `fields`. Runs in one transaction, so concurrent callers (lease takeovers) never
 * both win.
 */
import { compileMatcher, type MatchDetails } from '../query/filter.matcher';
import { usesPosition } from '../query/find.projection';
import { docOf } from '../storage/collection.handle';
import { encodeUpdated, sizeBound } from '../storage/document-size';
import { updateStored, upsertDocument } from './apply-update';
import { type CommandHandler, type Doc, wantsJournal } from './command.context';
import { commandError } from './mongo-command.error';
import { projector, queryStored } from './query-runner';

export const findAndModify: CommandHandler = (cmd, ctx) => {
  const name = String(cmd.findAndModify ?? cmd.findandmodify);
  const query = (cmd.query ?? {}) as Doc;
  const remove = cmd.remove === true;
  const u = cmd.update as Doc | Doc[] | undefined;
  if (!remove && u === undefined) throw commandError('FailedToParse', 'Either an update or remove=true must be specified');
  if (remove && cmd.upsert === true) throw commandError('FailedToParse', 'Cannot specify both an upsert and remove=true');
  const returnNew = cmd.new === true;
  const fields = cmd.fields as Doc | undefined;
  const arrayFilters = cmd.arrayFilters as Doc[] | undefined;
  const project = fields && Object.keys(fields).length > 0 ? projector(fields) : undefined;
  // a positional `fields` projection shows the element the query matched in the document found
  const match = project && usesPosition(fields) ? compileMatcher(query) : undefined;
  const shape = (d: Doc | null, found?: Doc): Doc | null => {
    if (!d || !project) return d;
    const details: MatchDetails = {};
    if (match && found) match(found, details);
    return project(d, details.position);
  };

  return ctx.store.transaction(
    () => {
      const handle = cmd.upsert === true ? ctx.store.ensureCollection(ctx.db, name).handle : ctx.store.collection(ctx.db, name);
      const [found] = queryStored(handle, { filter: query, sort: cmd.sort as Doc | undefined, limit: 1 });
      if (found && remove) {
        const before = docOf(found);
        handle!.remove(found);
        return { lastErrorObject: { n: 1 }, value: shape(before, before), ok: 1 };
      }
      if (found) {
        const before = docOf(found);
        const next = updateStored(found.raw, u!, { arrayFilters, query });
        if (next) handle!.replace(found, next, encodeUpdated(next, sizeBound(found.raw.length, u!, arrayFilters)));
        const value = returnNew ? (next ?? before) : before;
        return { lastErrorObject: { n: 1, updatedExisting: true }, value: shape(value, before), ok: 1 };
      }
      if (cmd.upsert === true && !remove) {
        const doc = upsertDocument(query, u!, arrayFilters);
        handle!.insert(doc, encodeUpdated(doc));
        return {
          lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
          value: returnNew ? shape(doc) : null,
          ok: 1,
        };
      }
      return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
    },
    { journal: wantsJournal(cmd) },
  );
};
