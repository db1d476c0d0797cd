import { extname } from 'node:path';
import { canonicalCatalog, contactSchema, setField, type Contact, type FieldType } from '@sluice/graph';
import { UserError } from '@sluice/core';
import { parseCsv } from './csv.parser';
import { parseJsonText, positionAt, scanJson } from './json-text.parser';
import { readTextFile } from './text-file.reader';

const TYPES = new Map<string, FieldType>(canonicalCatalog.map((f) => [f.path, f.type]));
const TRUE = new Set(['true', 'yes', '1', 'y']);
const FALSE = new Set(['false', 'no', '0', 'n']);

/**
 * Turns one raw record into a canonical contact: fills `id` (from `fallbackId`), `tags`, `lists`,
 * `custom`, `updatedAt` and missing deal counts, then checks it strictly. Throws UserError naming
 * `where` (file and line) and the field at fault.
 */
export function toContact(raw: unknown, where: string, fallbackId: string): Contact {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UserError('E_BAD_RECORD', `${where}: a record must be a JSON object`);
  const r = { ...(raw as Record<string, unknown>) };
  if (typeof r.id === 'number') r.id = String(r.id);
  const deals = r.deals && typeof r.deals === 'object' ? { count: 0, open: 0, won: 0, value: 0, ...(r.deals as object) } : r.deals;
  const candidate = { tags: [], lists: [], custom: {}, updatedAt: new Date(0).toISOString(), ...r, id: r.id ?? fallbackId, ...(deals !== undefined ? { deals } : {}) };
  const parsed = contactSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = escapeName(issue?.path.map(String).join('.') ?? '');
    const msg = issue?.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` : `${path || 'record'}: ${issue?.message ?? 'invalid'}`;
    throw new UserError('E_BAD_RECORD', `${where}: ${msg}`);
  }
  return parsed.data;
}

/** A name from the user's file as it would be written in JSON, without the quotes: a newline or NUL in a key stays visible and the error stays one line. Pure. */
function escapeName(name: string): string {
  return JSON.stringify(name).slice(1, -1);
}

function fromJson(text: string, file: string): Contact[] {
  const data = parseJsonText(text, file);
  const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { records?: unknown }).records) ? (data as { records: unknown[] }).records : undefined;
  if (!list) throw new UserError('E_BAD_RECORD', `${file}:1: expected a JSON array of records`);
  const starts = Array.isArray(data) ? scanJson(text).elementStarts : [];
  return list.map((raw, i) => {
    const at = starts[i];
    const where = at !== undefined ? `${file}:${positionAt(text, at).line}` : `${file}: record ${i + 1}`;
    return toContact(raw, where, `#${i + 1}`);
  });
}

function fromJsonl(text: string, file: string): Contact[] {
  const out: Contact[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const raw = parseJsonText(line, file, i + 1);
    out.push(toContact(raw, `${file}:${i + 1}`, `#${i + 1}`));
  });
  return out;
}

function cellValue(type: FieldType | undefined, cell: string, where: string, column: string): unknown {
  switch (type) {
    case 'number': {
      const n = Number(cell);
      if (cell.trim() === '' || !Number.isFinite(n)) throw new UserError('E_BAD_RECORD', `${where}: column ${JSON.stringify(column)}: ${JSON.stringify(cell)} is not a number`);
      return n;
    }
    case 'boolean': {
      const v = cell.trim().toLowerCase();
      if (TRUE.has(v)) return true;
      if (FALSE.has(v)) return false;
      throw new UserError('E_BAD_RECORD', `${where}: column ${JSON.stringify(column)}: ${JSON.stringify(cell)} is not true or false`);
    }
    case 'string[]':
      return cell.split(';').map((s) => s.trim()).filter((s) => s !== '');
    default:
      return cell;
  }
}

function fromCsv(text: string, file: string): Contact[] {
  const [header, ...rows] = parseCsv(text, file);
  if (!header) return [];
  const columns = header.cells.map((c) => c.trim());
  columns.forEach((c) => {
    if (!TYPES.has(c) && !/^custom\.[^.]+$/.test(c)) throw new UserError('E_BAD_RECORD', `${file}:${header.line}: unknown column ${JSON.stringify(c)} (use canonical paths like email, address.city, deals.count, custom.<name>)`);
  });
  return rows.map((row) => {
    const where = `${file}:${row.line}`;
    if (row.cells.length !== columns.length) throw new UserError('E_BAD_CSV', `${where}: the row has ${row.cells.length} cells, the header has ${columns.length}`);
    let rec: Record<string, unknown> = {};
    row.cells.forEach((cell, i) => {
      const column = columns[i] as string;
      if (cell === '') return;
      rec = setField(rec, column, cellValue(TYPES.get(column), cell, where, column));
    });
    return toContact(rec, where, `line-${row.line}`);
  });
}

/**
 * Reads sample records for `sluice preview`: a JSON array (or `{ "records": [...] }`), JSONL (one
 * contact per line) or CSV (header row of dotted paths like `address.city`; `tags` and `lists`
 * split on `;`). Records without an id get one from their position. Any problem is a one-line
 * UserError naming the file and line.
 */
export async function readRecordsFile(file: string): Promise<Contact[]> {
  const ext = extname(file).toLowerCase();
  if (!['.json', '.jsonl', '.ndjson', '.csv'].includes(ext)) {
    throw new UserError('E_FILE', `${file}: unsupported records file; use .json, .jsonl or .csv`);
  }
  const text = await readTextFile(file);
  if (ext === '.json') return fromJson(text, file);
  if (ext === '.csv') return fromCsv(text, file);
  return fromJsonl(text, file);
}
