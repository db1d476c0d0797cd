/** One CSV row: its cells, its number, and its text as it is in the file (without the line break). */
export interface CsvRow {
  cells: string[];
  row: number;
  text: string;
}

/**
 * Streams CSV rows (RFC 4180: `,` separated, `"` quoted, `""` escapes a quote, quoted cells may span
 * lines, CRLF or LF) from text chunks, one batch of rows per chunk, holding no more than a chunk's rows.
 */
export async function* parseCsvRows(chunks: AsyncIterable<string>): AsyncGenerator<CsvRow[]> {
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let afterQuote = false; // just saw a quote inside a quoted cell: either "" or the closing quote
  let rowHasContent = false;
  let row = 0;
  let bom = true;
  let carry = ''; // the current row's text from earlier chunks
  for await (let chunk of chunks) {
    if (bom) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      bom = false;
    }
    const out: CsvRow[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (inQuotes) {
        if (afterQuote) {
          afterQuote = false;
          if (ch === '"') {
            cell += '"';
            continue;
          }
          inQuotes = false; // the quote closed the cell; handle ch below as unquoted
        } else if (ch === '"') {
          afterQuote = true;
          continue;
        } else {
          cell += ch;
          continue;
        }
      }
      if (ch === '"' && cell === '') {
        inQuotes = true;
        rowHasContent = true;
      } else if (ch === ',') {
        cells.push(cell);
        cell = '';
        rowHasContent = true;
      } else if (ch === '\n' || ch === '\r') {
        const end = i;
        if (ch === '\r' && chunk[i + 1] === '\n') i++;
        row++;
        if (rowHasContent || cell !== '') {
          cells.push(cell);
          out.push({ cells, row, text: carry + chunk.slice(start, end) });
        }
        carry = '';
        start = i + 1;
        cells = [];
        cell = '';
        rowHasContent = false;
      } else {
        cell += ch;
        rowHasContent = true;
      }
    }
    carry += chunk.slice(start);
    // A chunk may end right after "\r": the "\n" starting the next chunk would count as an empty row, which is skipped anyway.
    if (out.length > 0) yield out;
  }
  if (inQuotes && afterQuote) inQuotes = false;
  if (rowHasContent || cell !== '') {
    cells.push(cell);
    yield [{ cells, row: row + 1, text: carry }];
  }
}

/** Formats one CSV row; cells with a comma, quote, line break or edge spaces are quoted. Pure. */
export function formatCsvRow(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]|^\s|\s$/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}
