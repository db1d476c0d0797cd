import type { Contact } from '@sluice/graph';
import type { ChangePage, ReadFailure } from '@sluice/engine';
import { type FileEntry, type FileFormat, type UnreadableRecord, isUnreadable } from './file-format';
import { fileStamp } from './file-index';
import { type FileSnapshots, type KnownState, lineHash, recordHash } from './file-snapshots';

const CURSOR_PREFIX = 'file1.';
const DEFAULT_PAGE = 500;
/** Marks, in the known state, a record already read in this pass. */
const SEEN = -1;


/**
 * The change feed of a contacts file: `changes(cursor)` compares the file with what the cursor had
 * seen (see `FileSnapshots`) and reports new, changed and vanished records (`deleted: true`), in pages.
 * - a file unchanged since a completed pass (same inode, size and mtime) is not read at all;
 * - with a line-by-line format (jsonl), a line whose hash is the one its record had is not parsed:
 *   an incremental pass hashes each line and parses only the changed ones, so its CPU follows the
 *   number of changes rather than the file's size (the bytes are still read: a changed line can be
 *   anywhere, and no file system says which);
 * - other formats (csv) parse every record and compare content hashes.
 * A line that cannot be read is reported in the page's `failures` (named by file and line) and never
 * counts as a deletion: the record whose id it shows stays as it was in the state, and a line that
 * shows no id keeps every record of the state this pass would otherwise report deleted.
 */
export function createFileChanges(
  format: FileFormat,
  path: string,
  snapshots: FileSnapshots,
  now: () => string,
  scan: () => AsyncIterable<FileEntry[]>,
) {
  return async function* changes(cursor: string | null, opts: { signal?: AbortSignal; pageSize?: number } = {}): AsyncGenerator<ChangePage> {
    const pageSize = Math.max(1, Math.min(opts.pageSize ?? DEFAULT_PAGE, 5000));
    let parent: string | null = null;
    let known: KnownState = new Map();
    // Taken before the file is opened: if the file changes during the pass, the next pass sees another stamp.
    const stamp = await fileStamp(path);
    const named = cursor !== null && cursor.startsWith(CURSOR_PREFIX) ? cursor.slice(CURSOR_PREFIX.length) : undefined;
    // Nothing changed since a completed pass: answer without reading the file.
    if (named !== undefined && stamp !== '' && (await snapshots.fileStampOf(named)) === stamp) {
      yield { records: [], cursor: cursor!, hasMore: false };
      return;
    }
    if (named !== undefined) {
      const loaded = await snapshots.load(named);
      if (loaded) {
        known = loaded;
        parent = named;
      }
    }
    const full = await snapshots.startFull(stamp);
    let page: Contact[] = [];
    let failures: ReadFailure[] = [];
    let delta: [string, number | null][] = [];
    const flush = async (): Promise<ChangePage> => {
      parent = await snapshots.writeDelta(parent, delta);
      const out: ChangePage = { records: page, cursor: CURSOR_PREFIX + parent, hasMore: true };
      if (failures.length > 0) out.failures = failures;
      page = [];
      failures = [];
      delta = [];
      return out;
    };
    const pageFull = () => page.length + failures.length >= pageSize;
    /** Records one record read; returns a full page when one is ready. `known` doubles as the "seen" set. */
    const meet = async (id: string, hash: number, contact: Contact): Promise<ChangePage | undefined> => {
      const before = known.get(id);
      if (before === SEEN) return undefined; // a repeated id: the first line counts
      full.add(id, hash);
      known.set(id, SEEN);
      if (before === hash) return undefined;
      page.push(contact);
      delta.push([id, hash]);
      return pageFull() ? flush() : undefined;
    };
    // Unreadable lines: the ids they show, and whether one showed none (then nothing is deleted).
    const keptIds = new Set<string>();
    let keepAll = false;
    const fail = async (bad: UnreadableRecord): Promise<ChangePage | undefined> => {
      failures.push(bad.failure);
      if (bad.id === undefined) keepAll = true;
      else keptIds.add(bad.id);
      return pageFull() ? flush() : undefined;
    };
    let committed = false;
    try {
      const read = format.lines && format.parseLine ? readByLines(format, path, known, full.add, opts.signal) : readRecords(scan(), opts.signal);
      for await (const contact of read) {
        if (contact === null) {
          await full.drain();
          continue;
        }
        const ready = 'failure' in contact ? await fail(contact.failure) : await meet(contact.id, contact.hash, contact.record);
        if (ready) yield ready;
      }
      const deletedAt = now();
      for (const [id, hash] of known) {
        if (hash === SEEN) continue;
        if (keepAll || keptIds.has(id)) {
          full.add(id, hash); // maybe on an unreadable line: kept as it was, until the line reads again
          continue;
        }
        page.push({ id, deleted: true, tags: [], lists: [], custom: {}, updatedAt: deletedAt });
        delta.push([id, null]);
        if (pageFull()) yield await flush();
      }
      known.clear();
      const name = await full.commit();
      committed = true;
      const last: ChangePage = { records: page, cursor: CURSOR_PREFIX + name, hasMore: false };
      if (failures.length > 0) last.failures = failures;
      yield last;
    } finally {
      if (!committed) await full.abort();
    }
  };
}

/**
 * A record to compare with the known state, an unreadable line, or null between batches (a good
 * time to write the snapshot).
 */
type Read = { id: string; hash: number; record: Contact } | { failure: UnreadableRecord } | null;

/** Every record parsed, hashed by content. */
async function* readRecords(batches: AsyncIterable<FileEntry[]>, signal?: AbortSignal): AsyncGenerator<Read> {
  for await (const batch of batches) {
    signal?.throwIfAborted();
    for (const entry of batch) {
      if (isUnreadable(entry)) yield { failure: entry };
      else yield { id: entry.contact.id, hash: recordHash(entry.contact), record: entry.contact };
    }
    yield null;
  }
}

/**
 * Lines hashed as they are; only a line whose hash no known record has (a new or changed record, or
 * one whose id is derived from its content) is parsed. An unchanged line is marked seen in `known`
 * (and added to the new snapshot) right here, so it never becomes an object.
 */
async function* readByLines(
  format: FileFormat,
  path: string,
  known: KnownState,
  addToSnapshot: (id: string, hash: number) => void,
  signal?: AbortSignal,
): AsyncGenerator<Read> {
  // hash → id of the known records. Hashes have 30 bits, so two records may share one: the line must
  // also hold the record's id (as JSON) to count as that record's unchanged line.
  const byHash = new Map<number, string>();
  for (const [id, hash] of known) byHash.set(hash, id);
  let n = 0;
  for await (const batch of format.lines!(path)) {
    signal?.throwIfAborted();
    for (const text of batch) {
      n++;
      const line = text.trim();
      if (line === '') continue;
      const hash = lineHash(line);
      const id = byHash.get(hash);
      if (id !== undefined && known.get(id) === hash && line.includes(JSON.stringify(id))) {
        addToSnapshot(id, hash);
        known.set(id, SEEN);
        continue;
      }
      const entry = format.parseLine!(line, n, path);
      if (!entry) continue;
      if (isUnreadable(entry)) yield { failure: entry };
      else yield { id: entry.contact.id, hash, record: entry.contact };
    }
    yield null;
  }
}
