/** At most this many distinct values make a column a choice (a status, a stage, a country). */
const MAX_OPTIONS = 50;
/** Longer texts are notes or addresses, not choices. */
const MAX_OPTION_LENGTH = 100;

/**
 * The text values one column of a file holds, for the Mappings tab's value tables: a file has no
 * declared dropdowns, so a column whose values repeat and stay few is offered as one, with the
 * values seen, most frequent first.
 */
export class ValuesSeen {
  private readonly counts = new Map<string, number>();
  private filled = 0;
  private tooMany = false;

  add(value: string): void {
    const text = value.trim();
    if (text === '' || this.tooMany) return;
    this.filled++;
    if (text.length > MAX_OPTION_LENGTH) {
      this.tooMany = true;
      return;
    }
    this.counts.set(text, (this.counts.get(text) ?? 0) + 1);
    if (this.counts.size > MAX_OPTIONS) this.tooMany = true;
  }

  /** The values seen, most frequent first, when the column looks like a choice: few values, some repeated. */
  asOptions(): string[] | undefined {
    if (this.tooMany || this.counts.size === 0 || this.filled <= this.counts.size) return undefined;
    return [...this.counts.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([v]) => v);
  }
}
