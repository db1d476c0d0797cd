import { normalizeContact, type Contact } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, screenRecord } from './screen-record';

const contact = (fields: Partial<Contact>): Contact => normalizeContact({ id: 'r1', updatedAt: '2026-01-01T00:00:00Z', ...fields });

describe('screenRecord', () => {
  it('passes a clean record through as the same object', () => {
    const clean = contact({ email: 'ada@example.com', firstName: 'Ada', custom: { n: 1 }, tags: ['New'] });
    expect(screenRecord(clean)).toEqual({ ok: true, record: clean });
    expect((screenRecord(clean) as { record: Contact }).record).toBe(clean);
    expect(screenRecord(contact({ firstName: 'José 🦆', lastName: '\u202eRTL' }))).not.toHaveProperty('note');
  });

  it('removes control characters and lone surrogates, applies NFC, says so, and leaves the input alone', () => {
    const input = contact({ firstName: 'Ann\u0000Lee', lastName: 'Bad\ud800Half', company: 'Cafe\u0301', address: { city: 'Ko\u0308ln' }, tags: ['a\u0007b'], custom: { note: 'x\u001by' } });
    const before = structuredClone(input);
    const out = screenRecord(input);
    expect(out).toMatchObject({
      ok: true,
      record: { firstName: 'AnnLee', lastName: 'Bad\ufffdHalf', company: 'Caf\u00e9', address: { city: 'K\u00f6ln' }, tags: ['ab'], custom: { note: 'xy' } },
      note: expect.stringContaining('firstName, lastName, company, address.city, tags, custom.note'),
    });
    expect(input).toEqual(before);
  });

  it('refuses what no app can take, naming the field and the value', () => {
    expect(screenRecord(contact({ company: 'x'.repeat(MAX_TEXT_LENGTH + 1) }))).toMatchObject({ ok: false, code: 'E_FIELD_TOO_LARGE', message: expect.stringContaining('company is 32,769 characters') });
    expect(screenRecord(contact({ custom: { notes: 'x'.repeat(MAX_TEXT_LENGTH + 1) } }))).toMatchObject({ ok: false, code: 'E_FIELD_TOO_LARGE' });
    // Issue #18 finding 17: a 50,000-character tag fails its record, not the run.
    expect(screenRecord(contact({ tags: ['ok', 't'.repeat(50_000)] }))).toMatchObject({ ok: false, code: 'E_FIELD_TOO_LARGE', message: 'tags holds a name of 50,000 characters; Sluice passes on names of at most 255' });
    expect(screenRecord(contact({ tags: ['t'.repeat(255)], lists: ['l'.repeat(255)] })).ok).toBe(true);
    expect(screenRecord(contact({ lists: Array.from({ length: 1001 }, (_, i) => `l${i}`) }))).toMatchObject({ ok: false, message: 'lists holds 1,001 names; Sluice passes on at most 1,000' });
    const custom = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`f${i}`, i]));
    expect(screenRecord(contact({ custom }))).toMatchObject({ ok: false, message: 'the record has more than 500 custom fields; Sluice passes on at most 500' });
    expect(screenRecord(contact({ custom: { ['k'.repeat(256)]: 1 } }))).toMatchObject({ ok: false, code: 'E_FIELD_TOO_LARGE' });
    // A record is at most a million characters of text in all, whatever fields hold them.
    const wide = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`note${i}`, 'n'.repeat(32_768)]));
    expect(screenRecord(contact({ custom: wide }))).toMatchObject({ ok: false, code: 'E_RECORD_TOO_LARGE', message: 'the record holds more than 1,000,000 characters of text; Sluice passes on at most that much per record' });
    expect(screenRecord(contact({ custom: Object.fromEntries(Object.entries(wide).slice(0, 30)) })).ok).toBe(true);
    expect(screenRecord(contact({ email: 'a@b@example.com' }))).toMatchObject({ ok: false, code: 'E_BAD_EMAIL', message: 'email "a@b@example.com" is not an email address' });
    expect(screenRecord(contact({ email: 'not an email' }))).toMatchObject({ ok: false, code: 'E_BAD_EMAIL' });
    expect(screenRecord(contact({ updatedAt: 'yesterday' }))).toMatchObject({ ok: false, code: 'E_BAD_DATE', message: expect.stringContaining('"yesterday" is not a date') });
    expect(screenRecord(contact({ updatedAt: '2026-13-45T99:99:99Z' }))).toMatchObject({ ok: false, code: 'E_BAD_DATE' });
  });

  it('accepts the spellings apps really send: padded or upper-case emails, blank values', () => {
    expect(screenRecord(contact({ email: '  Ada@Example.COM\t' }))).toMatchObject({ ok: true });
    expect(screenRecord(contact({ email: '', updatedAt: '' }))).toMatchObject({ ok: true });
    expect(screenRecord(contact({ updatedAt: '2026-01-31' }))).toMatchObject({ ok: true });
  });

  it('passes plain phone numbers through without copying the record or noting anything', () => {
    const clean = contact({ email: 'ada@example.com', phone: '+49 30 1234567', mobile: '(030) 123-4567 x12' });
    expect(screenRecord(clean)).toEqual({ ok: true, record: clean });
    expect((screenRecord(clean) as { record: Contact }).record).toBe(clean);
  });

  it('leaves out a phone that is not one and writes odd digits in ASCII; the rest of the record syncs, history says which', () => {
    const input = contact({ email: 'ada@example.com', firstName: 'Ada', phone: 'call me', mobile: '＋４９\u00a0３０\u2013１２３４５６７' });
    const before = structuredClone(input);
    const out = screenRecord(input);
    expect(out).toEqual({
      ok: true,
      record: { ...input, phone: undefined, mobile: '+49 30-1234567' },
      note: 'phone "call me" is not a phone number (letters): not synced; mobile "＋４９\u00a0３０–１２３４５６７" synced as "+49 30-1234567"',
    });
    expect((out as { record: Contact }).record).not.toHaveProperty('phone');
    expect(input).toEqual(before);
  });

  it('leaves out a huge phone instead of refusing the record, and quotes it short', () => {
    const out = screenRecord(contact({ email: 'ada@example.com', mobile: '5'.repeat(MAX_TEXT_LENGTH + 1) }));
    expect(out).toMatchObject({ ok: true, note: expect.stringMatching(/^mobile "5{77}…" is not a phone number \(32,769 characters\): not synced$/) });
    expect((out as { record: Contact }).record).not.toHaveProperty('mobile');
  });

  it('spells out invisible marks in the note, and joins it to the text note', () => {
    const out = screenRecord(contact({ firstName: 'Ann\u0000Lee', phone: '\u200e+972 3 123 4567' }));
    expect(out).toMatchObject({ ok: true, note: 'normalised firstName: control characters or broken characters removed, Unicode NFC; phone "\\u200e+972 3 123 4567" synced as "+972 3 123 4567"' });
  });

  it('reads vanity numbers without + in the default country it is given', () => {
    expect(screenRecord(contact({ phone: '1-800-FLOWERS' }), 'US')).toMatchObject({ ok: true, record: { phone: '1-800-FLOWERS' } });
    expect(screenRecord(contact({ phone: '1-800-FLOWERS' }))).toMatchObject({ ok: true, note: expect.stringContaining('phone "1-800-FLOWERS" is not a phone number') });
  });
});
