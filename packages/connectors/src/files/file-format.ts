import { stat } from 'node:fs/promises';
import type { Contact, FieldDef } from '@sluice/graph';
import { UserError } from '@sluice/core';
import type { ReadFailure } from '@sluice/engine';

/** One record read from a contacts file. */
export interface FileRecord {
  /** 1-based line (jsonl) or row (csv) number, for error messages. */
  line: number;
  contact: Contact;
  /** False when the record had no `id` of its own and got a derived one (see `deriveRecordId`). */
  explicitId: boolean;
  /** Format-specific payload kept to copy the record verbatim (jsonl: the line; csv: the cells). */
  raw: unknown;
}

/**
 * A line (jsonl) or row (csv) that could not be read as a contact. It is reported by `changes` and
 * skipped by lookups; every rewrite copies `text` as it is, so the user can fix it later.
 */
export interface UnreadableRecord {
  line: number;
  failure: ReadFailure;
  /** The record's id when the line shows one (a valid object with an id, or an `"id": "..."` in broken JSON). */
  id?: string;
  /** The line or row as it is in the file, without its line break. */
  text: string;
}

/** What a file holds at one line or row: a record, or something that could not be read as one. */
export type FileEntry = FileRecord | UnreadableRecord;

export function isUnreadable(entry: FileEntry): entry is UnreadableRecord {
  return 'failure' in entry;
}

/** The failure of an unreadable line: its ref is the record's id when known, else where it sits. */
export function unreadable(line: number, where: string, code: string, message: string, text: string, id?: string): UnreadableRecord {
  return { line, failure: { ref: id ?? where, code, message }, text, ...(id === undefined ? {} : { id }) };
}

/** An open file being read: its header (csv columns) and its records, streamed. */
export interface FileReader {
  /** Column names of a csv file (`undefined` for jsonl, or when the file is empty). */
  columns?: string[];
  /** Custom fields the header names (a csv export's other columns), with the labels people read. */
  fields?: FieldDef[];
  /** The label of a custom field rows of this file make (a csv export's labelled e-mails), if it has one. */
  labelOf?(key: string): string | undefined;
  /** Records in file order, in batches (one await per batch keeps big files fast); unreadable ones included. */
  records: AsyncIterable<FileEntry[]>;
  /** Releases the file when the records were not read to the end. */
  close(): Promise<void>;
}

/** Writes a rewritten file: header, records copied as they were, records changed or created. */
export interface FileWriter {
  /** Text before the first record (csv header line), or ''. */
  header(): string;
  /** A record that did not change (its id made explicit when it was derived). */
  copy(record: FileRecord): string;
  /** A record changed or created by Sluice; `previous` is what was in the file, if anything. */
  write(contact: Contact, previous?: FileRecord): string;
}

/** What differs between the jsonl and csv apps: how records are read and written. */
export interface FileFormat {
  id: 'jsonl' | 'csv';
  open(path: string): Promise<FileReader>;
  /** `columns`: the file's current columns (csv); `paths`: every field path this rewrite writes. */
  writer(columns: string[] | undefined, paths: readonly string[]): FileWriter;
  /** True when records writing `paths` can be appended under the file's current header as is. */
  canAppend(columns: string[] | undefined, paths: readonly string[]): boolean;
  /**
   * For formats with one record per line (jsonl): the file's lines, unparsed, in batches, and the
   * parse of one line (undefined for a blank one; never throws for a bad line). With these, a pass
   * parses only the lines that changed since its cursor (see `fileChanges`), and a rewrite of a file
   * Sluice knows copies the other lines unparsed (see `rewriteLines`); without them (csv, whose rows
   * may span lines), every record is parsed.
   */
  lines?(path: string): AsyncIterable<string[]>;
  parseLine?(text: string, lineNo: number, path: string): FileEntry | undefined;
}

/**
 * Whether a contacts file is there to read (a missing one reads as empty). Anything but a regular
 * file is refused with a sentence: a folder cannot be read, and a pipe or a device would never end.
 */
export async function contactsFileExists(path: string): Promise<boolean> {
  const found = await stat(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return undefined;
    throw e;
  });
  if (!found) return false;
  if (!found.isFile()) throw new UserError('E_PATH_INVALID', `${path} is ${found.isDirectory() ? 'a folder' : 'not a regular file'}; give a contacts file.`);
  return true;
}

/** The records of a file that does not exist yet. */
export async function* noRecords(): AsyncGenerator<FileEntry[]> {}

/** A reader over a generator: closing it ends the generator (and closes its file). */
export function readerOf(records: AsyncGenerator<FileEntry[]>, columns?: string[]): FileReader {
  return { columns, records, close: async () => void (await records.return(undefined)) };
}
