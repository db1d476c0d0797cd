import type { Contact } from '@sluice/graph';
import type { AtomicFile } from './atomic-file';
import { type FileFormat, type FileWriter, isUnreadable } from './file-format';
import type { FileIndex } from './file-index';
import type { Planned, WritePlan } from './rewrite-plan';

/** What a rewrite changed, for the index to follow once the new file is in place. */
export interface LineRewrite {
  dirty: boolean;
  /** Records that changed, on their lines. */
  updated: Contact[];
  /** Records added at the end of the file. */
  created: Contact[];
  lineCount: number;
}

/**
 * The rewrite of a line-per-record file (jsonl) that has not changed since Sluice read or wrote it
 * (its index is current, so it knows the line of every record): the lines of the records being
 * written are parsed and written anew, and every other line (blank, unreadable, repeated id, or
 * simply not written) is copied as it is, unparsed. Lines whose id was derived are parsed too, to
 * write the id down, as a full rewrite does. The cost follows the lines written plus one pass of
 * reading and writing bytes, not the parse of every record.
 * Returns undefined when the file turns out not to be what the index says (it changed meanwhile):
 * the caller then drops `out` and rewrites in full.
 */
export async function rewriteKnownLines(
  format: FileFormat,
  path: string,
  index: FileIndex,
  plan: WritePlan,
  writer: FileWriter,
  out: AtomicFile,
): Promise<LineRewrite | undefined> {
  const targets = new Map<number, { id: string; entries: Planned[] }>();
  for (const [id, entries] of plan.byId) {
    const line = index.lineOf(id);
    if (line !== undefined) targets.set(line, { id, entries });
  }
  const result: LineRewrite = { dirty: false, updated: [], created: [], lineCount: 0 };
  let n = 0;
  for await (const batch of format.lines!(path)) {
    let text = '';
    for (const line of batch) {
      n++;
      const target = targets.get(n);
      if (!target && !index.derivedLines.has(n)) {
        text += line + '\n';
        continue;
      }
      const entry = format.parseLine!(line, n, path);
      if (!entry || isUnreadable(entry) || (target && entry.contact.id !== target.id)) return undefined;
      if (!entry.explicitId) result.dirty = true; // the derived id gets written down
      const next = target ? plan.applyAll(entry.contact, target.entries, false) : undefined;
      if (next) {
        result.dirty = true;
        result.updated.push(next);
        text += writer.write(next, entry) + '\n';
      } else {
        text += writer.copy(entry) + '\n';
      }
    }
    await out.write(text);
  }
  if (n !== index.lineCount) return undefined;
  result.created = plan.createRest((id) => index.lineOf(id) !== undefined);
  for (const c of result.created) await out.write(writer.write(c) + '\n');
  if (result.created.length > 0) result.dirty = true;
  result.lineCount = n + result.created.length;
  return result;
}
