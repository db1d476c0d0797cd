import { UserError } from '@sluice/core';

/** One CSV row with the line it starts on (from 1). */
export interface CsvRow {
  line: number;
  cells: string[];
}

/**
 * Parses RFC 4180 CSV: `,` separated, `"` quoted (with `""` for a quote), quoted cells may span
 * lines. Blank lines are skipped. Throws UserError `E_BAD_CSV` naming the file and line. Pure.
 */
export function parseCsv(text: string, file: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let i = 0;
  let rowHasContent = false;
  const endRow = () => {
    cells.push(cell);
    if (rowHasContent || cells.length > 1 || cell !== '') rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
    rowHasContent = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && cell === '' ) {
      const start = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new UserError('E_BAD_CSV', `${file}:${start}: a quoted cell is never closed`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (text[i] === '\n') line++;
        cell += text[i];
        i++;
      }
      rowHasContent = true;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new UserError('E_BAD_CSV', `${file}:${line}: unexpected text after a closing quote`);
      }
      continue;
    }
    if (c === ',') {
      cells.push(cell);
      cell = '';
      rowHasContent = true;
      i++;
    } else if (c === '\n' || c === '\r') {
      endRow();
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      rowLine = line;
    } else {
      if (c === '"') throw new UserError('E_BAD_CSV', `${file}:${line}: a quote inside an unquoted cell (quote the whole cell and double the quote)`);
      cell += c;
      i++;
    }
  }
  if (cell !== '' || cells.length > 0 || rowHasContent) endRow();
  return rows;
}
