import type { ChangePage } from '@sluice/engine';

/** Every page a `changes()` pass yields, in order. */
export async function collect(pages: AsyncIterable<ChangePage>): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

/** The records of all the pages, in order. */
export const records = (pages: ChangePage[]) => pages.flatMap((p) => p.records);

/** Where the pass ended: the cursor the next pass starts from. */
export const lastCursor = (pages: ChangePage[]) => pages.at(-1)!.cursor;
