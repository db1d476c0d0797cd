/** A column of a terminal table. */
export interface TableColumn<Row> {
  title: string;
  value: (row: Row) => string;
  /** The column that gives up width when the terminal is narrow (default: the last one). */
  flexible?: boolean;
  colour?: (row: Row, text: string) => string;
}

const ESC = '\u001b[';
/** ANSI colours for terminals; identity when colour is off. */
export function paint(on: boolean) {
  const wrap = (code: string) => (s: string) => (on ? `${ESC}${code}m${s}${ESC}0m` : s);
  return { green: wrap('32'), yellow: wrap('33'), red: wrap('31'), dim: wrap('2'), bold: wrap('1') };
}

function fit(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= width ? flat.padEnd(width) : `${flat.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * Renders rows as an aligned text table. With `maxWidth` (a terminal's columns) the flexible
 * column is cut with "…" so each row stays on one line. Pure.
 */
export function renderTable<Row>(rows: Row[], columns: TableColumn<Row>[], maxWidth?: number): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r).replace(/\s+/g, ' ')));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((row) => (row[i] as string).length)));
  if (maxWidth) {
    const flex = Math.max(0, columns.findIndex((c) => c.flexible)) || columns.length - 1;
    const others = widths.reduce((a, w, i) => (i === flex ? a : a + w + 2), 0);
    widths[flex] = Math.max(10, Math.min(widths[flex] as number, maxWidth - others - 1));
  }
  const line = (values: string[], row?: Row) =>
    values
      .map((v, i) => {
        const text = fit(v, widths[i] as number);
        const col = columns[i] as TableColumn<Row>;
        return row !== undefined && col.colour ? col.colour(row, text) : text;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...cells.map((values, i) => line(values, rows[i]))].join('\n');
}
