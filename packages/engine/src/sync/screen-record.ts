import { screenPhone } from '@sluice/core';
import { CONTACT_LIMITS, type Contact } from '@sluice/graph';

/** What a source record looks like after screening: the record to sync, or why it cannot be. */
export type Screened = { ok: true; record: Contact; note?: string } | { ok: false; code: string; message: string };

/** Longest text Sluice passes on; the apps' own limits sit around here (HubSpot: 65,536 bytes). */
export const MAX_TEXT_LENGTH = CONTACT_LIMITS.text;

/** Anything outside printable ASCII needs a closer look; most values never do. */
const NOT_PLAIN = /[^\x20-\x7E]/;
/** C0 controls (NUL included) and DEL, except tab, line feed and carriage return. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** A surrogate without its partner: not a character, and invalid UTF-8 for every app. */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** One `@` with something on both sides and no spaces: the least every app checks. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

const TEXT_FIELDS = ['email', 'firstName', 'lastName', 'company', 'jobTitle', 'website', 'owner'] as const;
/** Screened as phone numbers ({@link screenPhone}): a bad one is left out, the rest of the record syncs. */
const PHONE_FIELDS = ['phone', 'mobile'] as const;

class Rejected extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Screens text values: too long → rejected; controls and lone surrogates removed, NFC applied.
 * One instance is reused for every record (screening is synchronous), so a clean record allocates nothing.
 */
class TextScreen {
  /** Fields changed in the current record, or undefined while none was. */
  changed: string[] | undefined;
  /** Characters of text seen in the current record. */
  total = 0;

  /** Starts a record. */
  reset(): void {
    this.changed = undefined;
    this.total = 0;
  }

  text(path: string, value: string): string {
    if (value.length > MAX_TEXT_LENGTH) {
      throw new Rejected('E_FIELD_TOO_LARGE', `${path} is ${value.length.toLocaleString('en')} characters long; Sluice passes on at most ${MAX_TEXT_LENGTH.toLocaleString('en')}`);
    }
    this.total += value.length;
    if (this.total > CONTACT_LIMITS.recordText) {
      throw new Rejected('E_RECORD_TOO_LARGE', `the record holds more than ${CONTACT_LIMITS.recordText.toLocaleString('en')} characters of text; Sluice passes on at most that much per record`);
    }
    if (!NOT_PLAIN.test(value)) return value;
    const clean = value.replace(CONTROLS, '').replace(LONE_SURROGATES, '\uFFFD').normalize('NFC');
    if (clean !== value && !this.changed?.includes(path)) (this.changed ??= []).push(path);
    return clean;
  }

  /** Tags or lists: at most `listItems` names of at most `tag` characters each. */
  list(path: string, values: readonly string[]): string[] | readonly string[] {
    const { listItems, tag } = CONTACT_LIMITS;
    if (values.length > listItems) {
      throw new Rejected('E_FIELD_TOO_LARGE', `${path} holds ${values.length.toLocaleString('en')} names; Sluice passes on at most ${listItems.toLocaleString('en')}`);
    }
    // A plain loop: a callback would be one more allocation per list, and this runs for every record.
    let out: string[] | undefined;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v.length > tag) throw new Rejected('E_FIELD_TOO_LARGE', `${path} holds a name of ${v.length.toLocaleString('en')} characters; Sluice passes on names of at most ${tag}`);
      const c = this.text(path, v);
      if (c !== v) (out ??= values.slice())[i] = c;
    }
    return out ?? values;
  }
}

/**
 * Checks one source record before the rules see it, so nothing an app cannot take is written and
 * nothing half-written: a text over {@link MAX_TEXT_LENGTH}, a tag or list name over 255 characters,
 * more than 1,000 tags or lists, more than 500 custom fields (`CONTACT_LIMITS`), an email that is not
 * one, or an `updatedAt` that is not a date (it decides "newest wins") rejects the record with a reason for
 * history. Control characters (NUL…) and lone surrogates are removed and text is put in Unicode NFC,
 * noted in history. `phone` and `mobile` are screened as phone numbers: one written with full-width
 * or Arabic-Indic digits, odd spaces or dashes is passed on in ASCII, and one that is not a phone
 * number ("call me", 2 digits, 25 digits) is left out of the record, which still syncs; both are
 * noted in history, naming the field and the value. `defaultCountry` (the connection's
 * `match.defaultCountry`) reads vanity numbers written without `+` (`1-800-FLOWERS` in US).
 * The input is never mutated; a clean record comes back as the same object. Pure.
 */
export function screenRecord(record: Contact, defaultCountry?: string): Screened {
  screen.reset();
  try {
    let out: Contact | undefined;
    for (const key of TEXT_FIELDS) {
      const value = record[key];
      if (typeof value !== 'string') continue;
      const clean = screen.text(key, value);
      if (clean !== value) (out ??= { ...record })[key] = clean;
    }
    let phoneNotes: string[] | undefined;
    for (const key of PHONE_FIELDS) {
      const value = record[key];
      if (typeof value !== 'string') continue;
      const verdict = screenPhone(value, defaultCountry);
      if (verdict === value) continue;
      out ??= { ...record };
      if (typeof verdict === 'string') {
        out[key] = verdict;
        (phoneNotes ??= []).push(`${key} ${quote(value)} synced as ${quote(verdict)}`);
      } else {
        delete out[key];
        (phoneNotes ??= []).push(`${key} ${quote(value)} is not a phone number (${verdict.refused}): not synced`);
      }
    }
    if (typeof record.email === 'string') {
      const email = (out ?? record).email!.trim();
      if (email !== '' && !EMAIL_SHAPE.test(email)) throw new Rejected('E_BAD_EMAIL', `email "${preview(email)}" is not an email address`);
    }
    if (record.updatedAt !== '' && Number.isNaN(Date.parse(record.updatedAt))) {
      throw new Rejected('E_BAD_DATE', `updatedAt "${preview(record.updatedAt)}" is not a date (ISO 8601 expected, e.g. 2026-01-31T09:00:00Z)`);
    }
    if (record.address) {
      let address: Contact['address'] | undefined;
      const parts = record.address;
      // for…in rather than Object.entries: no array per record (this runs for every record read).
      for (const k in parts) {
        const v = parts[k as keyof typeof parts];
        if (typeof v !== 'string') continue;
        const clean = screen.text(`address.${k}`, v);
        if (clean !== v) (address ??= { ...parts })[k as keyof typeof parts] = clean;
      }
      if (address) (out ??= { ...record }).address = address;
    }
    const tags = screen.list('tags', record.tags);
    if (tags !== record.tags) (out ??= { ...record }).tags = tags as string[];
    const lists = screen.list('lists', record.lists);
    if (lists !== record.lists) (out ??= { ...record }).lists = lists as string[];
    let custom: Contact['custom'] | undefined;
    let customCount = 0;
    for (const k in record.custom) {
      if (++customCount > CONTACT_LIMITS.customFields) {
        throw new Rejected('E_FIELD_TOO_LARGE', `the record has more than ${CONTACT_LIMITS.customFields} custom fields; Sluice passes on at most ${CONTACT_LIMITS.customFields}`);
      }
      if (k.length > CONTACT_LIMITS.key) throw new Rejected('E_FIELD_TOO_LARGE', `a custom field's name is ${k.length.toLocaleString('en')} characters long; Sluice passes on names of at most ${CONTACT_LIMITS.key}`);
      const v = record.custom[k];
      if (typeof v !== 'string') continue;
      const clean = screen.text(`custom.${k}`, v);
      if (clean !== v) (custom ??= { ...record.custom })[k] = clean;
    }
    if (custom) (out ??= { ...record }).custom = custom;
    if (!out) return { ok: true, record };
    const notes = screen.changed ? [`normalised ${screen.changed.join(', ')}: control characters or broken characters removed, Unicode NFC`] : [];
    if (phoneNotes) notes.push(...phoneNotes);
    return { ok: true, record: out, note: notes.join('; ') };
  } catch (e) {
    if (e instanceof Rejected) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}

const screen = new TextScreen();

/** A value short enough to quote in a message. */
function preview(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** A value quoted for history, with invisible and control characters spelled out (`"\u200e+49 30…"`). */
function quote(text: string): string {
  return JSON.stringify(preview(text)).replace(/[\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A record of the other side (or an app's answer) as screening leaves it, with what screening
 * changed; as it is when screening refuses it or it is deleted (it is not this side's to refuse).
 */
export function screenedOther(record: Contact, defaultCountry: string | undefined): { record: Contact; note?: string } {
  if (record.deleted) return { record };
  const out = screenRecord(record, defaultCountry);
  if (!out.ok) return { record };
  return out.note ? { record: out.record, note: out.note } : { record: out.record };
}
