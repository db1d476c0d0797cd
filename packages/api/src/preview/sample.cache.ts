import type { Link } from '@sluice/engine';
import type { Contact, FieldCatalog } from '@sluice/graph';
import type { PreviewMatch } from './preview.builder';

/** What a preview reads from the apps, kept so edits to rules re-evaluate without calling the apps again. */
export interface CachedSample {
  records: Contact[];
  matches: Map<string, PreviewMatch>;
  links: Map<string, Link>;
  catalogs: { a: FieldCatalog; b: FieldCatalog };
  fetchedAt: number;
  /** The source app holds no more records than these (a larger sample would not add any). */
  complete: boolean;
}

/**
 * A small LRU of preview samples, keyed by workspace, connection (or draft apps) and direction.
 * Entries expire after `ttlMs` so a preview never shows data much older than that.
 */
export class SampleCache {
  private readonly entries = new Map<string, CachedSample>();

  constructor(
    private readonly maxEntries = 50,
    private readonly ttlMs = 10 * 60_000,
  ) {}

  get(key: string, minRecords: number, now = Date.now()): CachedSample | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (now - hit.fetchedAt > this.ttlMs || (hit.records.length < minRecords && !hit.complete)) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  set(key: string, sample: CachedSample): void {
    this.entries.delete(key);
    this.entries.set(key, sample);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** Forgets every sample of a connection (after its apps changed). */
  forget(prefix: string): void {
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

/** The one cache of this process. */
export const sampleCache = new SampleCache();
