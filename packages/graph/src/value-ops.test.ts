import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eqTextAny, inTextAny, sameText } from './value-ops';

describe('sameText', () => {
  it('rests on lower-casing never shortening a string and lengthening it only for U+0130', () => {
    const changed: number[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = String.fromCodePoint(c);
      const n = s.toLowerCase().length;
      if (n < s.length) throw new Error(`U+${c.toString(16)} shortens when lower-cased`);
      if (n > s.length) changed.push(c);
    }
    expect(changed).toEqual([0x130]);
  });

  it.each([
    ['Lead', 'lead', true],
    ['LEAD', 'lead', true],
    ['lead', 'lead', true],
    ['leads', 'lead', false],
    ['lea', 'lead', false],
    ['Leaf', 'lead', false],
    ['İstanbul', 'i̇stanbul', true],
    ['ΑΣ', 'ας', true],
    ['ΑΣ', 'ασ', false],
    ['Straße', 'straße', true],
    ['ÉCOLE', 'école', true],
    ['', '', true],
  ])('%s against %s is %s', (x, lower, expected) => {
    expect(sameText(x, lower)).toBe(expected);
    expect(sameText(x, lower)).toBe(x.toLowerCase() === lower);
  });

  it('agrees with toLowerCase on random text, ASCII and not', () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.string({ maxLength: 8 }), fc.constantFrom('İ', 'Σ', 'ς', 'ß', 'K', 'Å'));
    fc.assert(
      fc.property(text, text, (x, y) => {
        const lower = y.toLowerCase();
        expect(sameText(x, lower)).toBe(x.toLowerCase() === lower);
        expect(sameText(y, lower)).toBe(true);
        expect(sameText(y.toUpperCase(), lower)).toBe(y.toUpperCase().toLowerCase() === lower);
      }),
      { numRuns: 20_000 },
    );
  });

  it('backs eqTextAny for lists and scalars', () => {
    expect(eqTextAny(['VIP', 'Lead'], 'lead')).toBe(true);
    expect(eqTextAny('LEAD', 'lead')).toBe(true);
    expect(eqTextAny(['leader'], 'lead')).toBe(false);
  });
});

describe('inTextAny', () => {
  it('answers the same on repeated texts as on first sight, and forgets past its bound', () => {
    const texts = new Set(['us', 'gb']);
    const seen = new Map<string, boolean>();
    for (let round = 0; round < 2; round++) {
      expect(inTextAny('US', texts, seen)).toBe(true);
      expect(inTextAny('jp', texts, seen)).toBe(false);
      expect(inTextAny(['JP', 'Gb'], texts, seen)).toBe(true);
    }
    for (let i = 0; i < 5_000; i++) inTextAny(`x${i}`, texts, seen);
    expect(seen.size).toBeLessThanOrEqual(1024);
    expect(inTextAny('gB', texts, seen)).toBe(true);
  });
});
