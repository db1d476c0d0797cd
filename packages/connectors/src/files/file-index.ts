import { stat } from 'node:fs/promises';
import type { Contact } from '@sluice/graph';
import type { MatchKey } from '@sluice/engine';
import { matchValuesOf } from '../sdk/match-value';
import { type FileFormat, isUnreadable } from './file-format';

/** Files with more records than this are not indexed in memory (lookups scan the file instead). */
export const MAX_INDEXED_RECORDS = 250_000;

/**
 * An in-memory index of one contacts file, valid while the file is unchanged (same inode, size and
 * mtime): id → the record (kept as compact JSON text, about its size on disk) and email/phone → ids.
 * It turns the engine's per-batch `getMany`/`findByKey` calls from a file scan into map lookups.
 * For line formats (jsonl) it also knows each record's line and the file's line count, so a rewrite
 * can copy every other line without parsing it (`rewriteKnownLines`).
 */
export class FileIndex {
  private readonly byId = new Map<string, string>();
  private readonly lines = new Map<string, number>();
  private readonly byKey: Record<MatchKey, Map<string, string[]>> = { email: new Map(), phone: new Map() };
  /** Lines (1-based) of records whose id was derived, not written in the file: a rewrite writes it down. */
  readonly derivedLines = new Set<number>();
  /**
   * For line formats: where each line ends, in bytes, its line break included (`[0]` is 0, `[n]` the
   * end of line n; blank and unreadable lines count). Undefined when not tracked (csv, or a file whose
   * bytes the decoded lines did not add up to, e.g. CRLF line ends): rewrites then read every record.
   */
  lineEnds: number[] | undefined;
  /** The last line has no line break. */
  openEnd = false;
  stamp = '';

  get lineCount(): number | undefined {
    return this.lineEnds && this.lineEnds.length - 1;
  }

  get size(): number {
    return this.byId.size;
  }

  /** Adds a record at `line` (the first of a repeated id wins, as for reads). */
  add(contact: Contact, line?: number, derivedId = false): void {
    if (derivedId && line !== undefined) this.derivedLines.add(line);
    if (this.byId.has(contact.id)) return;
    this.byId.set(contact.id, JSON.stringify(contact));
    if (line !== undefined) this.lines.set(contact.id, line);
    this.keys(contact, 'add');
  }

  /** Replaces the record with `contact.id` (same line), or adds it when it is new. */
  replace(contact: Contact, line?: number): void {
    const before = this.get(contact.id);
    if (!before) return this.add(contact, line);
    this.keys(before, 'remove');
    this.byId.set(contact.id, JSON.stringify(contact));
    this.keys(contact, 'add');
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The line of the record counted for `id` (line formats only). */
  lineOf(id: string): number | undefined {
    return this.lines.get(id);
  }

  get(id: string): Contact | undefined {
    const text = this.byId.get(id);
    return text === undefined ? undefined : (JSON.parse(text) as Contact);
  }

  /** Records whose normalised `key` is one of `values` (already normalised). */
  find(key: MatchKey, values: Iterable<string>): Contact[] {
    const ids = new Set<string>();
    for (const v of values) for (const id of this.byKey[key].get(v) ?? []) ids.add(id);
    return [...ids].map((id) => this.get(id)!);
  }

  private keys(contact: Contact, op: 'add' | 'remove'): void {
    for (const key of ['email', 'phone'] as const) {
      for (const value of matchValuesOf(contact, key)) {
        const ids = this.byKey[key].get(value);
        if (op === 'add') {
          if (ids) ids.push(contact.id);
          else this.byKey[key].set(value, [contact.id]);
        } else if (ids) {
          const rest = ids.filter((id) => id !== contact.id);
          if (rest.length > 0) this.byKey[key].set(value, rest);
          else this.byKey[key].delete(value);
        }
      }
    }
  }
}

/**
 * Reads a file into a new index stamped `stamp`; undefined when it holds more than
 * `MAX_INDEXED_RECORDS` records. Unreadable lines are left out (lookups skip them); line formats
 * are read line by line, so the index knows every record's line.
 */
export async function buildFileIndex(format: FileFormat, path: string, stamp: string): Promise<FileIndex | undefined> {
  const index = new FileIndex();
  if (format.lines && format.parseLine) {
    let n = 0;
    const ends = [0];
    let end = 0;
    for await (const batch of format.lines(path)) {
      for (const text of batch) {
        const entry = format.parseLine(text, ++n, path);
        if (entry && !isUnreadable(entry)) index.add(entry.contact, n, !entry.explicitId);
        end += Buffer.byteLength(text) + 1;
        ends.push(end);
      }
      if (index.size > MAX_INDEXED_RECORDS) return undefined;
    }
    // The lines add up to the file's size (LF line ends) or one byte more (no line break at the end).
    const size = stamp === '' ? 0 : Number(stamp.split(':')[1]);
    if (end === size + 1 && n > 0) {
      ends[n] = size;
      index.openEnd = true;
    }
    if (ends[n] === size) index.lineEnds = ends;
  } else {
    const reader = await format.open(path);
    try {
      for await (const batch of reader.records) {
        for (const entry of batch) if (!isUnreadable(entry)) index.add(entry.contact);
        if (index.size > MAX_INDEXED_RECORDS) return undefined;
      }
    } finally {
      await reader.close();
    }
  }
  index.stamp = stamp;
  return index;
}

/** What identifies one version of a file: inode, size and modification time; '' when it does not exist. */
export async function fileStamp(path: string): Promise<string> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return '';
  }
}
