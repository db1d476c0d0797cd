import { basename } from 'node:path';
import { type Contact } from '@sluice/graph';
import { isUserError } from '@sluice/core';
import { contactFromObject } from './contact-fields';
import { textLines } from './text-lines';
import { type FileEntry, type FileFormat, contactsFileExists, noRecords, readerOf, unreadable } from './file-format';

interface JsonlRaw {
  line: string;
  extra: Record<string, unknown>;
}

/** The id a broken JSON line seems to hold (`"id": "..."`), to tell which record it was. Pure. */
function idInBrokenLine(line: string): string | undefined {
  const m = /"id"\s*:\s*("(?:[^"\\]|\\.)*")/.exec(line);
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]!) as string;
  } catch {
    return undefined;
  }
}

/**
 * Where a line's JSON breaks, from the parser's error, without its text: the parser quotes the start
 * of the line, and an error must never show what a file holds (it may not be a contacts file at all).
 * Pure.
 */
function whereJsonBreaks(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const at = /at position (\d+)/.exec(message);
  if (at) return ` (it breaks at character ${Number(at[1]) + 1})`;
  return /Unexpected end/.test(message) ? ' (it ends too early)' : '';
}

/** One jsonl line as a record, or as unreadable (kept as it is); undefined for a blank line. */
function parseJsonlLine(text: string, n: number, path: string): FileEntry | undefined {
  const line = text.trim();
  if (line === '') return undefined;
  const where = `${basename(path)} line ${n}`;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return unreadable(n, where, 'E_FILE_FORMAT', `${path} line ${n} is not valid JSON${whereJsonBreaks(e)}.`, text, idInBrokenLine(line));
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return unreadable(n, where, 'E_FILE_FORMAT', `${path} line ${n} is not a JSON object (one contact per line).`, text);
  }
  try {
    const { contact, explicitId, extra } = contactFromObject(obj as Record<string, unknown>, `${path} line ${n}`, line);
    const raw: JsonlRaw = { line, extra };
    return { line: n, contact, explicitId, raw };
  } catch (e) {
    if (!isUserError(e)) throw e;
    const id = (obj as { id?: unknown }).id;
    const known = typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : undefined;
    return unreadable(n, where, e.code, e.message, text, known);
  }
}

async function* readJsonl(path: string): AsyncGenerator<FileEntry[]> {
  let n = 0;
  for await (const batch of textLines(path)) {
    const out: FileEntry[] = [];
    for (const text of batch) {
      const entry = parseJsonlLine(text, ++n, path);
      if (entry) out.push(entry);
    }
    yield out;
  }
}

async function* jsonlLines(path: string): AsyncGenerator<string[]> {
  if (await contactsFileExists(path)) yield* textLines(path);
}

/** Contact fields in the canonical order, `id` first, so files read well. */
function ordered(c: Contact): Record<string, unknown> {
  const { id, email, firstName, lastName, phone, mobile, company, jobTitle, website, address, tags, lists, owner, unsubscribed, deleted, deals, custom, updatedAt } = c;
  return { id, email, firstName, lastName, phone, mobile, company, jobTitle, website, address, tags, lists, owner, unsubscribed, deleted, deals, custom, updatedAt };
}

/** One canonical contact per line, as JSON (DESIGN.md). Keys that are not contact fields are kept. */
export const jsonlFormat: FileFormat = {
  id: 'jsonl',
  async open(path) {
    return readerOf((await contactsFileExists(path)) ? readJsonl(path) : noRecords());
  },
  canAppend: () => true,
  lines: jsonlLines,
  parseLine: parseJsonlLine,
  writer() {
    return {
      header: () => '',
      copy(record) {
        const raw = record.raw as JsonlRaw;
        if (record.explicitId) return raw.line;
        return JSON.stringify({ id: record.contact.id, ...(JSON.parse(raw.line) as object) });
      },
      write(contact, previous) {
        const extra = previous ? (previous.raw as JsonlRaw).extra : {};
        return JSON.stringify({ ...extra, ...ordered(contact) });
      },
    };
  },
};
