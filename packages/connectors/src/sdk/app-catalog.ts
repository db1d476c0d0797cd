import { type FieldCatalog, type FieldDef, canonicalCatalog } from '@sluice/graph';

/**
 * An app's fixed field catalog: the canonical fields at `paths`, in that order, with per-app
 * overrides (label, readOnly). Throws on a path that is not canonical (a typo in an app description).
 * @example appCatalog(['id', 'email', 'tags'], { tags: { label: 'Labels' } })
 */
export function appCatalog(paths: readonly string[], overrides: Record<string, Partial<FieldDef>> = {}): FieldCatalog {
  return paths.map((path) => {
    const base = canonicalCatalog.find((f) => f.path === path);
    if (!base) throw new Error(`appCatalog: "${path}" is not a canonical field`);
    return { ...base, ...overrides[path] };
  });
}

/** Every canonical field (the file apps hold any contact). */
export const allCanonicalPaths: readonly string[] = canonicalCatalog.map((f) => f.path);
