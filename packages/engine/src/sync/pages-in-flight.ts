import type { Busy } from './stages/match-targets';

/** A promise with its resolve function at hand. */
class Signal {
  done = false;
  resolve!: () => void;
  readonly promise = new Promise<void>((resolve) => {
    this.resolve = () => {
      this.done = true;
      resolve();
    };
  });
}

interface Entry {
  ids: ReadonlySet<string>;
  /** What the page's writes will link, once they are planned. */
  busy: Busy | undefined;
  linked: Signal;
  stored: Signal;
}

/**
 * The pages of one pass between screening and the storing of their history. Pages overlap (the
 * next is matched while this one writes), and a later page must see what an earlier one is about
 * to link as linked already:
 *  - a page holding a record an earlier page holds too (a record changed twice during the pass) is
 *    screened only once that page's links are stored, so it compares against the hash just synced;
 *  - a page is matched as if the targets earlier pages claimed, and the match values they write,
 *    were linked already ({@link busyBefore});
 *  - a page's history is stored after that of earlier pages holding one of its records, so a
 *    record's latest status is the one stored last.
 * The stages tell it what happened (open → claim → linked → stored); it holds no counts.
 */
export class PagesInFlight {
  private readonly entries = new Map<number, Entry>();

  /** Opens page `no` and returns what its screening waits for: the links of earlier pages holding one of `ids`. */
  open(no: number, ids: ReadonlySet<string>): Promise<void> | undefined {
    const waits: Promise<void>[] = [];
    for (const [n, e] of this.entries) if (n < no && !e.linked.done && overlaps(ids, e.ids)) waits.push(e.linked.promise);
    this.entries.set(no, { ids, busy: undefined, linked: new Signal(), stored: new Signal() });
    return waits.length > 0 ? Promise.all(waits).then(() => undefined) : undefined;
  }

  /** Page `no`'s writes are planned: what they will link. */
  claim(no: number, busy: Busy): void {
    const e = this.entries.get(no);
    if (e) e.busy = busy;
  }

  /** What the planned pages before `no` whose links are not stored yet will link. */
  busyBefore(no: number): Busy[] {
    const out: Busy[] = [];
    for (const [n, e] of this.entries) if (n < no && e.busy && !e.linked.done) out.push(e.busy);
    return out;
  }

  /** Page `no`'s links are stored (or will never be: its pass stopped). */
  linked(no: number): void {
    this.entries.get(no)?.linked.resolve();
  }

  /** Settles once the history of every earlier page holding one of page `no`'s records is stored. */
  historyBefore(no: number): Promise<void> {
    const mine = this.entries.get(no);
    const waits: Promise<void>[] = [];
    if (mine) for (const [n, e] of this.entries) if (n < no && !e.stored.done && overlaps(mine.ids, e.ids)) waits.push(e.stored.promise);
    return waits.length > 0 ? Promise.all(waits).then(() => undefined) : Promise.resolve();
  }

  /** Page `no`'s history is stored (or failed to be): it leaves. */
  stored(no: number): void {
    const e = this.entries.get(no);
    if (!e) return;
    e.linked.resolve();
    e.stored.resolve();
    this.entries.delete(no);
  }
}

function overlaps(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const id of small) if (large.has(id)) return true;
  return false;
}
