import { readFile } from 'node:fs/promises';
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
  /** Line ends of the new file (see `FileIndex.lineEnds`), and whether its last line has no line break. */
  lineEnds: number[];
  openEnd: boolean;
}

/**
 * The rewrite of a line-per-record file (jsonl) that has not changed since Sluice read or wrote it:
 * its index is current and knows where each record's line sits, in bytes. The lines of the records
 * being written (and lines whose id was derived, to write the id down as a full rewrite does) are
 * decoded, parsed and written anew; the bytes between them are copied as they are, never decoded,
 * so blank, unreadable and repeated lines stay byte for byte. The cost follows the lines written,
 * plus one read and one write of the file's bytes.
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
  const ends = index.lineEnds!;
  const bytes = await readFile(path);
  if (bytes.length !== ends.at(-1)) return undefined;
  const targets = new Map<number, { id: string; entries: Planned[] }>();
  for (const [id, entries] of plan.byId) {
    const line = index.lineOf(id);
    if (line !== undefined) targets.set(line, { id, entries });
  }
  const lines = [...new Set([...targets.keys(), ...index.derivedLines])].sort((a, b) => a - b);
  const result: LineRewrite = { dirty: index.derivedLines.size > 0, updated: [], created: [], lineEnds: ends, openEnd: index.openEnd };
  const pieces: Buffer[] = [];
  /** Line → its new length in bytes, line break included. */
  const lengths = new Map<number, number>();
  let copied = 0;
  for (const n of lines) {
    const start = ends[n - 1]!;
    const end = ends[n]!;
    const broken = bytes[end - 1] === 10;
    const entry = format.parseLine!(bytes.toString('utf8', start, broken ? end - 1 : end), n, path);
    const target = targets.get(n);
    if (!entry || isUnreadable(entry) || (target && entry.contact.id !== target.id)) return undefined;
    const next = target ? plan.applyAll(entry.contact, target.entries, false) : undefined;
    if (next) {
      result.dirty = true;
      result.updated.push(next);
    }
    if (!next && entry.explicitId) continue; // unchanged: copied with the bytes around it
    const text = Buffer.from((next ? writer.write(next, entry) : writer.copy(entry)) + '\n');
    pieces.push(bytes.subarray(copied, start), text);
    lengths.set(n, text.length);
    copied = end;
  }
  pieces.push(bytes.subarray(copied));
  const count = ends.length - 1;
  result.openEnd = index.openEnd && !lengths.has(count);
  result.created = plan.createRest((id) => index.lineOf(id) !== undefined);
  const added: number[] = [];
  if (result.created.length > 0) {
    result.dirty = true;
    // A last line without a line break gets one before the new lines.
    if (result.openEnd) {
      pieces.push(Buffer.from('\n'));
      lengths.set(count, ends[count]! - ends[count - 1]! + 1);
      result.openEnd = false;
    }
    for (const c of result.created) {
      const text = Buffer.from(writer.write(c) + '\n');
      pieces.push(text);
      added.push(text.length);
    }
  }
  if (!result.dirty) return result;
  await out.writeBytes(pieces);
  result.lineEnds = newLineEnds(ends, lengths, added);
  return result;
}

/** The line ends after some lines got a new length (`lengths`) and lines of `added` lengths were appended. Pure. */
function newLineEnds(ends: readonly number[], lengths: ReadonlyMap<number, number>, added: readonly number[]): number[] {
  const next = new Array<number>(ends.length + added.length);
  next[0] = 0;
  let shift = 0;
  for (let n = 1; n < ends.length; n++) {
    const length = lengths.get(n);
    if (length !== undefined) shift += length - (ends[n]! - ends[n - 1]!);
    next[n] = ends[n]! + shift;
  }
  let end = next[ends.length - 1]!;
  for (let k = 0; k < added.length; k++) next[ends.length + k] = end += added[k]!;
  return next;
}
