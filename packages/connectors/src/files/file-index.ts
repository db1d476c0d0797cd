import { stat } from 'node:fs/promises';
import type { Contact } from '@sluice/graph';
import type { MatchKey } from '@sluice/engine';
import { matchValuesOf } from '../sdk/match-value';

/** Files with more records than this are not indexed in memory (lookups scan the file instead). */
export const MAX_INDEXED_RECORDS = 250_000;

/**
 * An in-memory index of one contacts file, valid while the file is unchanged (same inode, size and
 * mtime): id → the record (kept as compact JSON text, about its size on disk) and email/phone → ids.
 * It turns the engine's per-batch `getMany`/`findByKey` calls from a file scan into map lookups.
 */
export class FileIndex {
  private readonly byId = new Map<string, string>();
  private readonly byKey: Record<MatchKey, Map<string, string[]>> = { email: new Map(), phone: new Map() };
  stamp = '';

  get size(): number {
    return this.byId.size;
  }

  /** Adds a record (the first of a repeated id wins, as for reads). */
  add(contact: Contact): void {
    if (this.byId.has(contact.id)) return;
    this.byId.set(contact.id, JSON.stringify(contact));
    for (const key of ['email', 'phone'] as const) {
      for (const value of matchValuesOf(contact, key)) {
        const ids = this.byKey[key].get(value);
        if (ids) ids.push(contact.id);
        else this.byKey[key].set(value, [contact.id]);
      }
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): Contact | undefined {
    const text = this.byId.get(id);
    return text === undefined ? undefined : (JSON.parse(text) as Contact);
  }

  /** Records whose normalised `key` is one of `values` (already normalised). */
  find(key: MatchKey, values: Iterable<string>): Contact[] {
    const ids = new Set<string>();
    for (const v of values) for (const id of this.byKey[key].get(v) ?? []) ids.add(id);
    return [...ids].map((id) => this.get(id)!);
  }
}

/** What identifies one version of a file: inode, size and modification time; '' when it does not exist. */
export async function fileStamp(path: string): Promise<string> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return '';
  }
}
