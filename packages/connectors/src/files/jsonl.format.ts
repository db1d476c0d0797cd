import { access } from 'node:fs/promises';
import { type Contact, UserError } from '@sluice/graph';
import { contactFromObject } from './contact-fields';
import { textLines } from './text-lines';
import { type FileFormat, type FileRecord, noRecords, readerOf } from './file-format';

interface JsonlRaw {
  line: string;
  extra: Record<string, unknown>;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** One jsonl line as a record; undefined for a blank line. */
function parseJsonlLine(text: string, n: number, path: string): FileRecord | undefined {
  const line = text.trim();
  if (line === '') return undefined;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    throw new UserError('E_FILE_FORMAT', `${path} line ${n} is not valid JSON: ${(e as Error).message}`);
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw new UserError('E_FILE_FORMAT', `${path} line ${n} is not a JSON object (one contact per line).`);
  }
  const { contact, explicitId, extra } = contactFromObject(obj as Record<string, unknown>, `${path} line ${n}`, line);
  const raw: JsonlRaw = { line, extra };
  return { line: n, contact, explicitId, raw };
}

async function* readJsonl(path: string): AsyncGenerator<FileRecord[]> {
  let n = 0;
  for await (const batch of textLines(path)) {
    const out: FileRecord[] = [];
    for (const text of batch) {
      const record = parseJsonlLine(text, ++n, path);
      if (record) out.push(record);
    }
    yield out;
  }
}

async function* jsonlLines(path: string): AsyncGenerator<string[]> {
  if (await exists(path)) yield* textLines(path);
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
    return readerOf((await exists(path)) ? readJsonl(path) : noRecords());
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
