/**
 * Regular expressions of queries (`/re/i`, `{ $regex, $options }`) as JavaScript `RegExp`s that
 * match what MongoDB's PCRE matches on ordinary patterns: options `i`, `m`, `s` map across; `x`
 * (extended: whitespace and `#` comments ignored) is applied by removing them from the pattern, as
 * JavaScript has no such flag; patterns run in Unicode mode (MongoDB matches code points, not UTF-16
 * units) when JavaScript accepts them so. Pure.
 */
import { commandError } from '../commands/mongo-command.error';

/** A regular expression value as a query holds it: a JavaScript RegExp or a `BSONRegExp`. */
export function isRegexValue(v: unknown): boolean {
  return v instanceof RegExp || (typeof v === 'object' && v !== null && (v as { _bsontype?: string })._bsontype === 'BSONRegExp');
}

/** The pattern and options of a regular expression value. */
export function regexSource(v: unknown): { pattern: string; options: string } {
  if (v instanceof RegExp) return { pattern: v.source, options: v.flags };
  const r = v as { pattern: string; options: string };
  return { pattern: r.pattern, options: r.options };
}

/** Drops unescaped whitespace and `#` comments outside character classes (PCRE's extended mode). */
function stripExtended(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
    } else if (!/\s/.test(c)) {
      out += c;
    }
  }
  return out;
}

/**
 * A RegExp for a query pattern and its options.
 * @example queryRegex('^a b', 'ix').test('AB') // true
 */
export function queryRegex(pattern: string, options: string): RegExp {
  let flags = '';
  for (const o of options) {
    if (o === 'i' || o === 'm' || o === 's') {
      if (!flags.includes(o)) flags += o;
    } else if (o === 'x') {
      pattern = stripExtended(pattern);
    } else if (o !== 'u' && o !== 'g' && o !== 'l') {
      throw commandError('BadValue', `invalid flag in regex options: ${o}`);
    }
  }
  try {
    return new RegExp(pattern, `${flags}u`);
  } catch {
    try {
      return new RegExp(pattern, flags);
    } catch (e) {
      throw commandError('BadValue', `Regular expression is invalid: ${(e as Error).message}`);
    }
  }
}
