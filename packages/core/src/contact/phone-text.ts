import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Why a phone value is not synced: the reason, for history ("2 digits; at least 3"). */
export interface PhoneRefused {
  refused: string;
}

/** Longer than this, a value is text, not a phone number (the longest with an extension is ~40). */
export const MAX_PHONE_LENGTH = 64;
/** E.164 allows 15 digits; national prefixes and carrier codes add a few. */
const MAX_DIGITS = 20;
const MIN_DIGITS = 3;

/** Any line break or space, NBSP, thin and ideographic spaces included. */
const SPACE = /\s/u;
/** Controls and invisible format characters (LRM, RLM, zero-width space, bidi embeddings), as copied from RTL text. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;
/** Hyphen, en dash, em dash, figure dash, non-breaking hyphen, minus sign. */
const DASH = /[\p{Pd}\u2212]/u;
const DECIMAL_DIGIT = /\p{Nd}/u;
/** An extension after the number: `x12`, `ext. 12`, `extension 12`, `#12` (a comma may precede it). */
const EXTENSION = /^(.*?)[ ,;]*(?:ext(?:ension)?\.?|x|#)[ .:]*\d{1,8}$/i;
/** What a number may not hold once its characters are ASCII: anything but digits, letters, spaces and `+-().\/`. */
const ODD_CHARACTER = /[^0-9A-Za-z +().\-/]/u;
/** Digits first, then capitals mixed with digits, dashes, dots and spaces. */
const VANITY_SHAPE = /^\(?\+?[0-9][0-9 ()\-./]*[A-Z][0-9A-Z \-.]*$/;
const KEYPAD = '22233344455566677778889999';

/**
 * Screens a phone value as Sluice passes it on. Policy: a phone number is kept as the user wrote
 * it (apps format numbers their own way, and matching reads every spelling as E.164), except that
 * its characters are made ASCII (full-width and Arabic-Indic digits, NBSP and other spaces, en
 * dashes and minus signs, invisible marks) and spaces are trimmed and collapsed. A value with fewer
 * than 3 or more than 20 digits, with letters other than an extension marker, or with other
 * characters, is not a phone number. Vanity numbers (`1-800-FLOWERS`) are kept when the keypad
 * digits make a valid number (read in `defaultCountry` when written without `+`).
 *
 * Returns the same string when nothing changes (no allocation for a plain number), a new string
 * when something was normalised, `{ refused }` when the value is not a phone number. A blank value
 * comes back unchanged: it is no phone, not a wrong one. Pure.
 * @example screenPhone('＋４９ ３０ １２３４５６７') // '+49 30 1234567'
 * @example screenPhone('call me') // { refused: 'letters' }
 */
export function screenPhone(value: string, defaultCountry?: string): string | PhoneRefused {
  if (isPlainNumber(value)) return value;
  if (value.length > MAX_PHONE_LENGTH) return { refused: `${value.length.toLocaleString('en')} characters` };
  if (value.trim() === '') return value;
  const ascii = toAscii(value);
  const main = EXTENSION.exec(ascii)?.[1] ?? ascii;
  const odd = ODD_CHARACTER.exec(main);
  if (odd) return { refused: `the character ${JSON.stringify(odd[0])}` };
  const plus = main.indexOf('+');
  if (plus > 1 || (plus === 1 && main[0] !== '(') || main.indexOf('+', plus + 1) > plus) return { refused: 'a "+" inside the number' };
  const digits = countDigits(main);
  if (/[A-Za-z]/.test(main)) {
    if (!isVanityNumber(main, digits, defaultCountry)) return { refused: 'letters' };
  } else if (digits === 0) return { refused: 'no digits' };
  else if (digits < MIN_DIGITS) return { refused: `${digits} digit${digits === 1 ? '' : 's'}; at least ${MIN_DIGITS}` };
  else if (digits > MAX_DIGITS) return { refused: `${digits} digits; at most ${MAX_DIGITS}` };
  return ascii === value ? value : ascii;
}

/** The common case, checked without allocating: ASCII digits and `-().\/ `, one leading `+`, single spaces. */
function isPlainNumber(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > MAX_PHONE_LENGTH) return false;
  let digits = 0;
  let space = true; // a leading space is not plain
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 32) {
      if (space) return false;
      space = true;
      continue;
    } else if (c === 43) {
      if (i > 1 || (i === 1 && value.charCodeAt(0) !== 40)) return false;
    } else if (c !== 45 && c !== 40 && c !== 41 && c !== 46 && c !== 47) return false;
    space = false;
  }
  return !space && digits >= MIN_DIGITS && digits <= MAX_DIGITS;
}

/** Full-width forms and other scripts' digits to ASCII, odd spaces and dashes to ` ` and `-`, invisibles out; spaces collapsed. */
function toAscii(value: string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x21 && cp <= 0x7e) out += ch;
    else if (SPACE.test(ch)) out += ' ';
    else if (INVISIBLE.test(ch)) continue;
    else if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCharCode(cp - 0xfee0);
    else if (DASH.test(ch)) out += '-';
    else if (DECIMAL_DIGIT.test(ch)) out += String(digitValue(cp));
    else out += ch;
  }
  return out.replace(/ {2,}/g, ' ').trim();
}

/**
 * The value of a decimal digit of any script. Unicode assigns decimal digits only in runs of
 * 0…9 in order (a stability guarantee), so the value is the distance from the run's start, mod 10.
 */
function digitValue(cp: number): number {
  let start = cp;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * `1-800-FLOWERS`: a number with at least 3 digits of its own, then capitals (a word in lower case
 * or in brackets, "(office)", is a label, not part of the number), whose keypad digits make a valid
 * number of at most 15 digits (E.164).
 */
function isVanityNumber(main: string, digits: number, defaultCountry?: string): boolean {
  if (digits < MIN_DIGITS || !VANITY_SHAPE.test(main)) return false;
  const dialled = main.replace(/[A-Z]/g, (l) => KEYPAD[l.charCodeAt(0) - 65]!);
  if (countDigits(dialled) > 15) return false;
  return parsePhoneNumberFromString(dialled, defaultCountry as CountryCode | undefined)?.isValid() === true;
}
