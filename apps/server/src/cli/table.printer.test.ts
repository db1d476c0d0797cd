import { describe, expect, it } from 'vitest';
import { paint, renderTable } from './table.printer';

describe('renderTable', () => {
  const rows = [{ id: 'p1', why: 'short' }, { id: 'p22', why: 'a much longer reason that will not fit' }];
  const columns = [
    { title: 'ID', value: (r: (typeof rows)[number]) => r.id },
    { title: 'WHY', value: (r: (typeof rows)[number]) => r.why, flexible: true },
  ];
  it('aligns columns', () => {
    expect(renderTable(rows, columns)).toBe(['ID   WHY', 'p1   short', 'p22  a much longer reason that will not fit'].join('\n'));
  });
  it('cuts the flexible column to the terminal width', () => {
    const out = renderTable(rows, columns, 20).split('\n');
    expect(out[2]).toBe('p22  a much longer…');
    for (const line of out) expect(line.length).toBeLessThanOrEqual(20);
  });
  it('colours only when asked', () => {
    expect(paint(false).green('x')).toBe('x');
    expect(paint(true).green('x')).toBe('\u001b[32mx\u001b[0m');
  });
});
