import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { UserError, isUserError } from '@sluice/core';
import { contactFromObject } from './contact-fields';
import { cellToValue, contactCell, defaultCsvColumns, isContactColumn } from './csv-cells';
import { type CsvDialectPlan, planCsvDialect } from './csv-dialects';
import { type CsvRow, formatCsvRow, parseCsvRows } from './csv-rows';
import { type FileEntry, type FileFormat, contactsFileExists, noRecords, readerOf, unreadable } from './file-format';

interface CsvRaw {
  cells: string[];
  index: Map<string, number>;
}

/** Reads one row of a field-path header (`email`, `address.city`) as a plain object. */
function pathRowReader(columns: readonly string[]): (cells: readonly string[], where: string) => Record<string, unknown> {
  // Contact paths have one or two levels (`email`, `address.city`, `custom.industry`).
  const contactColumns = columns
    .map((c, i) => [c, i, ...(c.split('.', 2) as [string, string?])] as const)
    .filter(([c]) => isContactColumn(c));
  return (cells, where) => {
    const obj: Record<string, unknown> = {};
    for (const [column, i, top, sub] of contactColumns) {
      const value = cellToValue(column, cells[i] ?? '', where);
      if (value === undefined) continue;
      if (sub === undefined) obj[top] = value;
      else ((obj[top] ??= {}) as Record<string, unknown>)[sub] = value;
    }
    return obj;
  };
}

async function* readRecords(path: string, rows: AsyncGenerator<CsvRow[]>, columns: string[], plan: CsvDialectPlan | undefined): AsyncGenerator<FileEntry[]> {
  const index = new Map(columns.map((c, i) => [c, i]));
  const idColumn = index.get('id') ?? -1;
  const toObject = plan ? plan.read : pathRowReader(columns);
  try {
    for await (const batch of rows) {
      const out: FileEntry[] = [];
      for (const { cells, row, text } of batch) {
        const where = `${path} row ${row}`;
        try {
          const obj = toObject(cells, where);
          if (obj.deals && typeof obj.deals === 'object') obj.deals = { count: 0, open: 0, won: 0, value: 0, ...obj.deals };
          const { contact, explicitId } = contactFromObject(obj, where, cells.join('\u0000'));
          out.push({ line: row, contact, explicitId, raw: { cells, index } satisfies CsvRaw });
        } catch (e) {
          if (!isUserError(e)) throw e;
          // The row stays in the file as it is; the rest of the file is read on.
          const id = cells[idColumn]?.trim() || undefined;
          out.push(unreadable(row, `${basename(path)} row ${row}`, e.code, e.message, text, id));
        }
      }
      yield out;
    }
  } finally {
    await rows.return(undefined);
  }
}

async function* prepend<T>(head: T[], rest: AsyncGenerator<T[]>): AsyncGenerator<T[]> {
  try {
    if (head.length > 0) yield head;
    yield* rest;
  } finally {
    await rest.return(undefined);
  }
}

/**
 * A header row, then one contact per row. Headers are dotted field paths (`address.city`,
 * `custom.industry`); `tags` and `lists` are split on `;`. Columns that are not contact fields are kept
 * untouched when Sluice rewrites the file. A header row of an export (Google Contacts, Outlook,
 * HubSpot, Mailchimp, Pipedrive, plain words like "Email") is read by its plan instead
 * (`planCsvDialect`), its other headers as custom fields.
 */
export const csvFormat: FileFormat = {
  id: 'csv',
  async open(path) {
    if (!(await contactsFileExists(path))) return readerOf(noRecords());
    const rows = parseCsvRows(createReadStream(path, { encoding: 'utf8' }) as AsyncIterable<string>);
    const first = await rows.next();
    const header = first.done ? undefined : first.value[0];
    if (!header) {
      await rows.return(undefined);
      return readerOf(noRecords());
    }
    const columns = header.cells.map((c) => c.trim());
    const firstRows = first.done ? [] : first.value.slice(1);
    const dup = columns.findIndex((c, i) => c !== '' && columns.indexOf(c) !== i);
    if (dup !== -1) {
      await rows.return(undefined);
      // Named by position: the first line of a file that is not a csv export is no header to quote.
      throw new UserError('E_FILE_FORMAT', `${path}: columns ${columns.indexOf(columns[dup]!) + 1} and ${dup + 1} of the header have the same name.`);
    }
    const plan = planCsvDialect(columns);
    const records = readRecords(path, prepend(firstRows, rows), columns, plan);
    return {
      columns,
      ...(plan ? { fields: plan.fields, labelOf: plan.labelOf } : {}),
      records,
      close: async () => {
        await records.return(undefined);
        await rows.return(undefined); // the generators above may not have started
      },
    };
  },
  canAppend(columns, paths) {
    if (columns === undefined) return true;
    const plan = planCsvDialect(columns);
    return ['id', 'updatedAt', ...paths].every((c) => columns.includes(c) || plan?.writes.has(c));
  },
  writer(existing, paths) {
    const columns = [...(existing ?? defaultCsvColumns)];
    const before = existing && planCsvDialect(existing);
    for (const needed of ['id', ...paths, 'updatedAt']) if (!columns.includes(needed) && !before?.writes.has(needed)) columns.push(needed);
    // An export keeps its columns: contacts are written into them as they were read (see csv-dialects).
    const plan = before && planCsvDialect(columns);
    const sameColumns = existing !== undefined && existing.length === columns.length;
    const fromPrevious = (raw: CsvRaw | undefined) => columns.map((c) => (raw ? (raw.cells[raw.index.get(c) ?? -1] ?? '') : ''));
    return {
      header: () => formatCsvRow(columns) + '\n',
      copy(record) {
        const raw = record.raw as CsvRaw;
        if (record.explicitId && sameColumns) return formatCsvRow(raw.cells);
        const cells = fromPrevious(raw);
        cells[columns.indexOf('id')] = record.contact.id;
        return formatCsvRow(cells);
      },
      write(contact, previous) {
        const cells = fromPrevious(previous?.raw as CsvRaw | undefined);
        if (plan) return formatCsvRow(plan.write(contact, cells));
        columns.forEach((c, i) => {
          if (isContactColumn(c)) cells[i] = contactCell(contact, c);
        });
        return formatCsvRow(cells);
      },
    };
  },
};
