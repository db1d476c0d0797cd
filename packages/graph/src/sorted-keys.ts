/**
 * An object's own keys in ascending (code unit) order, as `Object.keys(obj).sort()` gives them,
 * sorted only when they are not already: most records' custom keys come in one usually sorted
 * order, and V8's sort copies the array every time (measured on the sync's hot path, where a
 * record's custom keys are ordered for hashing and fingerprints). Pure.
 */
export function sortedKeys(obj: object): string[] {
  const keys = Object.keys(obj);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) return keys.sort();
  }
  return keys;
}
