import { describe, expect, it } from 'vitest';
import { MAX_PHONE_LENGTH, screenPhone } from './phone-text';

type Outcome = 'kept' | { becomes: string } | { refused: string };

// What Sluice passes on for each spelling: kept as written, written in ASCII, or refused (why).
const table: Array<[string, string, Outcome, string?]> = [
  ['international with spaces', '+49 30 1234567', 'kept'],
  ['international with dashes', '+1-202-555-0143', 'kept'],
  ['national with brackets', '(030) 123-4567', 'kept'],
  ['00 prefix', '0049301234567', 'kept'],
  ['country code in brackets', '(+49) 30 1234567', 'kept'],
  ['US with dots', '202.555.0143', 'kept'],
  ['German slash', '030/1234567', 'kept'],
  ['short service number', '112', 'kept'],
  ['20 digits', '1'.repeat(20), 'kept'],
  ['extension "ext."', '+1 (202) 555-0143 ext. 12', 'kept'],
  ['extension "x"', '555-0143 x12', 'kept'],
  ['extension "#"', '555-0143#12', 'kept'],
  ['extension after a comma', '+1 202 555 0143, Ext 12', 'kept'],
  ['extension spelled out', '+1 202 555 0143 extension 12345', 'kept'],
  ['vanity with +', '+1-800-FLOWERS', 'kept'],
  ['vanity read in the default country', '1-800-FLOWERS', 'kept', 'US'],
  ['empty', '', 'kept'],
  ['blank', '   ', 'kept'],
  ['full-width digits and plus', '＋４９ ３０ １２３４５６７', { becomes: '+49 30 1234567' }],
  ['Arabic-Indic digits', '٠٣٠ ١٢٣٤٥٦٧', { becomes: '030 1234567' }],
  ['Persian (extended Arabic-Indic) digits', '۰۳۰ ۱۲۳۴۵۶۷', { becomes: '030 1234567' }],
  ['Devanagari digits', '+९१ ९८७६५ ४३२१०', { becomes: '+91 98765 43210' }],
  ['mathematical bold digits', '+1 800 𝟑𝟓𝟔 9377', { becomes: '+1 800 356 9377' }],
  ['no-break spaces', '+49\u00a030\u00a01234567', { becomes: '+49 30 1234567' }],
  ['narrow no-break space and en dash', '+33\u202f1\u202f23\u201345\u201367\u201389', { becomes: '+33 1 23-45-67-89' }],
  ['minus sign and em dash', '555\u22120143\u2014 1', { becomes: '555-0143- 1' }],
  ['left-to-right marks from RTL text', '\u200e+972 3 123 4567\u200e', { becomes: '+972 3 123 4567' }],
  ['padded, with runs of spaces and a tab', '  +49   30\t1234567 ', { becomes: '+49 30 1234567' }],
  ['full-width brackets', '（０３０）１２３４５６７', { becomes: '(030)1234567' }],
  ['words', 'call me maybe', { refused: 'letters' }],
  ['a label', '+49 30 1234567 (office)', { refused: 'letters' }],
  ['words then a number', 'call 555 0143', { refused: 'letters' }],
  ['vanity without + or default country', '1-800-FLOWERS', { refused: 'letters' }],
  ['vanity that is no valid number', '+1-123-AB', { refused: 'letters' }],
  ['2 digits', '12', { refused: '2 digits; at least 3' }],
  ['1 digit', '7', { refused: '1 digit; at least 3' }],
  ['punctuation only', '---', { refused: 'no digits' }],
  ['an extension alone', 'x12', { refused: 'no digits' }],
  ['25 digits', '1'.repeat(25), { refused: '25 digits; at most 20' }],
  ['huge', '5'.repeat(40_000), { refused: '40,000 characters' }],
  ['a tel: link', 'tel:+1-202-555-0143', { refused: 'the character ":"' }],
  ['an emoji', '555 🦆 0143', { refused: 'the character "🦆"' }],
  ['a lone surrogate', '\ud800123456', { refused: 'the character "\\ud800"' }],
  ['two plus signs', '+49 +30 123', { refused: 'a "+" inside the number' }],
  ['an email', 'ada@example.com', { refused: 'the character "@"' }],
];

describe('screenPhone', () => {
  it.each(table)('%s: %j', (_name, input, outcome, country) => {
    const out = screenPhone(input, country);
    if (outcome === 'kept') expect(out).toBe(input);
    else if ('becomes' in outcome) expect(out).toBe(outcome.becomes);
    else expect(out).toEqual(outcome);
  });

  it('refuses a value over the length cap before reading it', () => {
    expect(screenPhone(' '.repeat(MAX_PHONE_LENGTH + 1))).toEqual({ refused: `${MAX_PHONE_LENGTH + 1} characters` });
  });

  it('writes only ASCII, with 3 to 20 digits, whatever it keeps', () => {
    const odd = ['٠١٢', '\u00a0+1\u2013202\u2013555\u20130143\u00a0', '１２３', '\u202a555 0143\u202c'];
    for (const input of odd) {
      const out = screenPhone(input);
      expect(typeof out).toBe('string');
      expect(out as string).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});
