import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.parser';

describe('parseCsv', () => {
  it('splits rows and cells with their line numbers', () => {
    expect(parseCsv('a,b\n1,2\r\n3,\n', 'f.csv')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', ''] },
    ]);
  });
  it('handles quotes, doubled quotes, commas and newlines inside quotes', () => {
    const rows = parseCsv('name,note\n"Build, Inc.","say ""hi""\nthere"\nx,y', 'f.csv');
    expect(rows[1]).toEqual({ line: 2, cells: ['Build, Inc.', 'say "hi"\nthere'] });
    expect(rows[2]).toEqual({ line: 4, cells: ['x', 'y'] });
  });
  it('skips blank lines', () => {
    expect(parseCsv('a\n\n1\n\n', 'f.csv').map((r) => r.cells)).toEqual([['a'], ['1']]);
  });
  it('names the file and line of broken quoting', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n', 'f.csv')).toThrowError('f.csv:2: a quoted cell is never closed');
    expect(() => parseCsv('a\n"x"y\n', 'f.csv')).toThrowError('f.csv:2: unexpected text after a closing quote');
    expect(() => parseCsv('a\nx"y\n', 'f.csv')).toThrowError(/^f\.csv:2: a quote inside an unquoted cell/);
  });
});
