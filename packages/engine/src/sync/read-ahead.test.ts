import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead';

/** A source that logs when each item is requested and when it is closed. */
function logged(items: number[], log: string[], failAt?: number): AsyncIterable<number> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (const i of items) {
          log.push(`read ${i}`);
          await Promise.resolve();
          if (i === failAt) throw new Error(`cannot read ${i}`);
          yield i;
        }
      } finally {
        log.push('closed');
      }
    },
  };
}

describe('readAhead', () => {
  it('requests the next item while the caller works on the current one', async () => {
    const log: string[] = [];
    for await (const i of readAhead(logged([1, 2, 3], log))) {
      await new Promise((ok) => setTimeout(ok, 5));
      log.push(`done ${i}`);
    }
    // The source is read to its end (and closes) while the caller still works on item 3.
    expect(log).toEqual(['read 1', 'read 2', 'done 1', 'read 3', 'done 2', 'closed', 'done 3']);
  });

  it('gives every item once, in order', async () => {
    const out: number[] = [];
    for await (const i of readAhead(logged([1, 2, 3, 4], []))) out.push(i);
    expect(out).toEqual([1, 2, 3, 4]);
  });

  it('throws a read-ahead failure when the caller reaches that item, after the items before it', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const i of readAhead(logged([1, 2, 3], [], 2))) seen.push(i);
    };
    await expect(run()).rejects.toThrow('cannot read 2');
    expect(seen).toEqual([1]);
  });

  it('closes the source when the caller stops early', async () => {
    const log: string[] = [];
    for await (const i of readAhead(logged([1, 2, 3], log))) if (i === 1) break;
    expect(log.at(-1)).toBe('closed');
    expect(log).not.toContain('read 3');
  });
});
