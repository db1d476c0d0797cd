/**
 * The stored text of a link's values (and of the values a write intent's creates will link).
 *
 * The engine keys them by side and path (`a:email`, `b:email`). Right after a sync, both sides of
 * a field usually hold the same value, so storing it twice made up about half of every link's
 * bytes. A value the two sides share is stored once, under `=path`; a value only one side holds,
 * or the sides hold differently, stays under its own key. `=` can only start a shared key: the
 * engine's keys always start with a side. Text stored before this form holds only side keys and
 * reads back as it was.
 *
 * @example
 * packLinkValues({ 'a:email': 'x@y.z', 'b:email': 'x@y.z', 'a:phone': '+1…' }) // → { '=email': 'x@y.z', 'a:phone': '+1…' }
 */
export function packLinkValues(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const packed: Record<string, unknown> = {};
  for (const key in values) {
    const value = values[key];
    const side = key.charCodeAt(0);
    if (key.charCodeAt(1) !== COLON || (side !== A && side !== B)) {
      packed[key] = value;
      continue;
    }
    const path = key.slice(2);
    const other = `${side === A ? 'b' : 'a'}:${path}`;
    // The second of the two keys sets the same value again.
    if (other in values && sameValue(value, values[other])) packed[`=${path}`] = value;
    else packed[key] = value;
  }
  return packed;
}

/** The engine's form of packed values: each shared value under both side keys. Old text passes through. */
export function unpackLinkValues(packed: Record<string, unknown>): Record<string, unknown> {
  let shared = false;
  for (const key in packed) {
    if (key.charCodeAt(0) === EQUALS) {
      shared = true;
      break;
    }
  }
  if (!shared) return packed;
  const values: Record<string, unknown> = {};
  for (const key in packed) {
    const value = packed[key];
    if (key.charCodeAt(0) !== EQUALS) {
      values[key] = value;
      continue;
    }
    const path = key.slice(1);
    values[`a:${path}`] = value;
    // Each side gets its own array, as two separately stored values would have.
    values[`b:${path}`] = Array.isArray(value) ? value.slice() : value;
  }
  return values;
}

const A = 97; // 'a'
const B = 98; // 'b'
const COLON = 58; // ':'
const EQUALS = 61; // '='

/**
 * True when both values store as the same JSON text: equal strings, numbers or booleans, null, or
 * arrays of those, element by element. Anything else (objects, nested arrays) is kept per side: a
 * false "different" only costs bytes, a false "same" would lose a value.
 */
function sameValue(x: unknown, y: unknown): boolean {
  if (x === y && (x === null || typeof x !== 'object')) return true;
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const v: unknown = x[i];
    if (v !== y[i] || (v !== null && typeof v === 'object')) return false;
  }
  return true;
}
