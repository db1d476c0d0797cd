import { describe, expect, it } from 'vitest';
import { Double, Long } from 'bson';
import { compileProjection } from './find.projection';

const doc = { _id: 1, a: { b: 1, c: new Double(2) }, items: [{ k: 1, v: Long.fromNumber(1) }, { k: 2, v: 2 }, 5], tags: ['x', 'y', 'z'] };
const project = (spec: Record<string, unknown>, position?: number) => compileProjection(spec, true)!(doc, position);

describe('compileProjection (manual: Project Fields to Return from Query, https://www.mongodb.com/docs/manual/tutorial/project-fields-from-query-results/)', () => {
  it('includes and excludes top-level and dotted fields, through arrays of documents, keeping types', () => {
    expect(project({ 'a.c': 1 })).toEqual({ _id: 1, a: { c: new Double(2) } });
    expect(project({ 'items.v': 1, _id: 0 })).toEqual({ items: [{ v: Long.fromNumber(1) }, { v: 2 }] });
    expect(project({ 'items.v': 0, a: 0, tags: 0 })).toEqual({ _id: 1, items: [{ k: 1 }, { k: 2 }, 5] });
  });

  it('slices arrays and picks the first element matching $elemMatch', () => {
    expect(project({ tags: { $slice: -2 }, _id: 0, a: 0, items: 0 })).toEqual({ tags: ['y', 'z'] });
    expect(project({ tags: { $slice: [1, 1] }, a: 1 })).toEqual({ _id: 1, a: doc.a, tags: ['y'] });
    expect(project({ items: { $elemMatch: { k: 2 } } })).toEqual({ _id: 1, items: [{ k: 2, v: 2 }] });
  });

  it('returns the matched element for a positional projection', () => {
    expect(project({ 'tags.$': 1 }, 2)).toEqual({ _id: 1, tags: ['z'] });
  });

  it('computes fields from field paths and literals, and hands computing expressions back', () => {
    expect(project({ first: '$a.b', n: { $literal: 5 }, _id: 0 })).toEqual({ first: 1, n: 5 });
    expect(compileProjection({ total: { $add: ['$a.b', 1] } }, true)).toBeUndefined();
  });

  it('refuses mixed inclusion and exclusion and path collisions with mongod\'s codes', () => {
    expect(() => compileProjection({ a: 1, tags: 0 }, true)).toThrow(expect.objectContaining({ code: 31254 }));
    expect(() => compileProjection({ a: 0, tags: 1 }, true)).toThrow(expect.objectContaining({ code: 31253 }));
    expect(() => compileProjection({ a: 1, 'a.b': 1 }, true)).toThrow(expect.objectContaining({ code: 31250 }));
  });
});
