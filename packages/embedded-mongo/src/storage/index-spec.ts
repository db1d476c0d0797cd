/**
 * Index definitions as MongoDB describes them (`{ v, key, name, unique?, sparse?,
 * expireAfterSeconds?, partialFilterExpression? }`), with validation and the default name rule
 * (`email_1`, `workspaceId_1_updatedAt_-1`). Pure.
 */
import { commandError } from '../commands/mongo-command.error';

export interface IndexSpec {
  v: number;
  key: Record<string, number | string>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
  partialFilterExpression?: Record<string, unknown>;
}

/** The spec of the implicit `_id_` index every collection has. */
export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/** MongoDB's default index name for a key pattern. */
export function defaultIndexName(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([f, d]) => `${f}_${String(d)}`)
    .join('_');
}

/** Validates an index definition from a createIndexes command and fills in defaults. */
export function normalizeIndexSpec(input: unknown): IndexSpec {
  if (typeof input !== 'object' || input === null) throw commandError('TypeMismatch', 'index specification must be an object');
  const raw = input as Record<string, unknown>;
  const key = raw.key;
  if (typeof key !== 'object' || key === null || Object.keys(key).length === 0) {
    throw commandError('BadValue', 'index key pattern must be a non-empty object');
  }
  const normalizedKey: Record<string, number | string> = {};
  for (const [field, dir] of Object.entries(key as Record<string, unknown>)) {
    if (typeof dir === 'number' || typeof dir === 'string') normalizedKey[field] = dir;
    else normalizedKey[field] = Number(dir);
  }
  const spec: IndexSpec = {
    v: 2,
    key: normalizedKey,
    name: typeof raw.name === 'string' ? raw.name : defaultIndexName(normalizedKey),
  };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (raw.expireAfterSeconds !== undefined) {
    const secs = Number(raw.expireAfterSeconds);
    if (!Number.isFinite(secs) || secs < 0) throw commandError('BadValue', 'expireAfterSeconds must be a non-negative number');
    if (Object.keys(normalizedKey).length !== 1) throw commandError('BadValue', 'TTL indexes are single-field indexes');
    spec.expireAfterSeconds = secs;
  }
  if (raw.partialFilterExpression !== undefined) {
    if (typeof raw.partialFilterExpression !== 'object' || raw.partialFilterExpression === null) {
      throw commandError('TypeMismatch', 'partialFilterExpression must be an object');
    }
    spec.partialFilterExpression = raw.partialFilterExpression as Record<string, unknown>;
  }
  return spec;
}

/** Whether two specs describe the same index (same key pattern and options). */
export function sameIndex(a: IndexSpec, b: IndexSpec): boolean {
  const norm = (s: IndexSpec) =>
    JSON.stringify([s.key, !!s.unique, !!s.sparse, s.expireAfterSeconds ?? null, s.partialFilterExpression ?? null]);
  return norm(a) === norm(b);
}
