import { canonicalCatalog } from '@sluice/graph';

/** A field path as a person reads it ("First name", "City"), from the contact catalog; other paths as they are. Pure. */
export function fieldLabel(path: string): string {
  return canonicalCatalog.find((f) => f.path === path)?.label ?? (path.startsWith('custom.') ? path.slice(7) : path);
}
