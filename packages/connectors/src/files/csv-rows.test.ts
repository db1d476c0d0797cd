import { describe, expect, it } from 'vitest';
import { formatCsvRow, parseCsvRows } from './csv-rows';

async function rows(...chunks: string[]): Promise<string[][]> {
  async function* gen() {
    yield* chunks;
  }
  const out: string[][] = [];
  for await (const batch of parseCsvRows(gen())) for (const r of batch) out.push(r.cells);
  return out;
}

describe('parseCsvRows', () => {
  it('splits cells and rows, LF and CRLF, skipping blank lines and a BOM', async () => {
    expect(await rows('\uFEFFa,b,c\r\n1,2,3\n\n4,,6')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '', '6'],
    ]);
  });

  it('reads quoted cells with commas, quotes and line breaks, across chunk boundaries', async () => {
    const text = 'name,note\n"Doe, Jane","said ""hi""\nthen left"\nx,"tail"';
    const whole = await rows(text);
    expect(whole).toEqual([
      ['name', 'note'],
      ['Doe, Jane', 'said "hi"\nthen left'],
      ['x', 'tail'],
    ]);
    // Every split point gives the same rows.
    for (let i = 1; i < text.length; i++) expect(await rows(text.slice(0, i), text.slice(i))).toEqual(whole);
  });

  it('keeps a trailing empty cell', async () => {
    expect(await rows('a,b,\n')).toEqual([['a', 'b', '']]);
  });
});

describe('formatCsvRow', () => {
  it('quotes only what needs it and round-trips', async () => {
    const cells = ['plain', 'a,b', 'say "x"', 'two\nlines', ' edge', ''];
    const line = formatCsvRow(cells);
    expect(line).toBe('plain,"a,b","say ""x""","two\nlines"," edge",');
    expect(await rows(line)).toEqual([cells]);
  });
});

describe('parseCsvRows: row text', () => {
  it('gives each row as written (quotes, inner line breaks), whatever the chunk boundaries', async () => {
    const text = 'a,b\r\n"Doe, Jane","said ""hi""\nthen left"\n\nx,"tail"';
    const expected = ['a,b', '"Doe, Jane","said ""hi""\nthen left"', 'x,"tail"'];
    for (let cut = 0; cut <= text.length; cut++) {
      async function* gen() {
        yield text.slice(0, cut);
        yield text.slice(cut);
      }
      const out: string[] = [];
      for await (const batch of parseCsvRows(gen())) for (const r of batch) out.push(r.text);
      expect([cut, out]).toEqual([cut, expected]);
    }
  });
});
