import fc from 'fast-check';

/** A phone spelling with what Sluice must pass on: the text as written, an ASCII form, or nothing. */
export interface PhoneCase {
  text: string;
  expect: { kind: 'kept' } | { kind: 'ascii'; value: string } | { kind: 'dropped' };
  /** Which family of spellings it came from, for the figures. */
  family: string;
}

const digits = (min: number, max: number) => fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** A number written with ASCII only, 3 to 19 digits: `+49 (030) 123.45/6 ext. 12`. */
export const plainNumber = fc
  .record({
    country: fc.option(fc.integer({ min: 1, max: 999 }), { nil: undefined }),
    bracket: fc.boolean(),
    first: digits(3, 4),
    rest: fc.array(fc.tuple(fc.constantFrom(' ', '-', '.', '/', ''), digits(1, 4)), { maxLength: 3 }),
    extension: fc.option(fc.tuple(fc.constantFrom(' x', ' ext. ', ' Ext ', '#', ', ext ', ' extension '), digits(1, 5)), { nil: undefined }),
  })
  .map(({ country, bracket, first, rest, extension }) => {
    const head = bracket ? `(${first})` : first;
    return `${country ? `+${country} ` : ''}${head}${rest.map(([s, d]) => s + d).join('')}${extension ? extension[0] + extension[1] : ''}`;
  });

/** Zero of each digit set apps and keyboards send: ASCII, full-width, Arabic-Indic, Persian, Devanagari, mathematical bold. */
const ZEROS = [0x30, 0xff10, 0x660, 0x6f0, 0x966, 0x1d7ce];
const SPACES = [' ', '\u00a0', '\u202f', '\u2009', '\u3000', '  ', ' \t'];
const DASHES = ['-', '\u2013', '\u2014', '\u2212', '\u2010', '\u2011', '\uff0d'];
const BEFORE = ['', ' ', '\u200e', '\t', '\u202a', '\ufeff'];
const AFTER = ['', ' ', '\u200f', '\n', '\u202c', '\u200b'];

/** The same number as an app or a copy from a web page may spell it; Sluice must write it back as {@link plainNumber}. */
const exoticNumber = plainNumber.chain((plain) =>
  fc.tuple(fc.constant(plain), fc.array(fc.nat(99), { minLength: plain.length, maxLength: plain.length }), fc.constantFrom(...BEFORE), fc.constantFrom(...AFTER)).map(([p, picks, before, after]) => {
    const spelled = [...p]
      .map((c, i) => {
        const pick = picks[i]!;
        if (c >= '0' && c <= '9') return String.fromCodePoint(ZEROS[pick % ZEROS.length]! + Number(c));
        if (c === ' ') return SPACES[pick % SPACES.length]!;
        if (c === '-') return DASHES[pick % DASHES.length]!;
        if (c === '+' || c === '(' || c === ')' || c === '.' || c === '/') return pick % 2 === 0 ? c : String.fromCharCode(c.charCodeAt(0) + 0xfee0);
        return c;
      })
      .join('');
    return { plain: p, text: before + spelled + after };
  }),
);

const words = fc.oneof(
  fc.constantFrom('call me', 'call me maybe', 'n/a', 'unknown', 'see notes', 'TBD', 'ask reception', 'none', '?', '-', '()', 'ext. 12'),
  fc.stringMatching(/^[a-z]{3,10}( [a-z]{2,8})?$/),
);
const oddCharacters = ['@', '🦆', '=', '*', '!', '€', 'ä', '\ud800', '~', '_'];

export const phoneCase: fc.Arbitrary<PhoneCase> = fc.oneof(
  { weight: 6, arbitrary: plainNumber.map((text): PhoneCase => ({ text, expect: { kind: 'kept' }, family: 'plain' })) },
  { weight: 1, arbitrary: fc.constantFrom('+1-800-FLOWERS', '+1 800 FLOWERS x12').map((text): PhoneCase => ({ text, expect: { kind: 'kept' }, family: 'vanity' })) },
  {
    weight: 6,
    arbitrary: exoticNumber.map(({ plain, text }): PhoneCase => (text === plain ? { text, expect: { kind: 'kept' }, family: 'plain' } : { text, expect: { kind: 'ascii', value: plain }, family: 'exotic' })),
  },
  { weight: 2, arbitrary: words.map((text): PhoneCase => ({ text, expect: { kind: 'dropped' }, family: 'words' })) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('', '+', '('), digits(1, 2), fc.constantFrom('', ')', '-')).map(([a, d, b]): PhoneCase => ({ text: a + d + b, expect: { kind: 'dropped' }, family: 'too few digits' })),
  },
  {
    weight: 1,
    arbitrary: fc.array(digits(3, 6), { minLength: 4, maxLength: 8 }).filter((g) => g.join('').length > 20).map((g): PhoneCase => ({ text: g.join(' '), expect: { kind: 'dropped' }, family: 'too many digits' })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 65, max: 5_000 }).map((n): PhoneCase => ({ text: '12345 '.repeat(Math.ceil(n / 6)).slice(0, n), expect: { kind: 'dropped' }, family: 'huge' })) },
  {
    weight: 2,
    arbitrary: fc.tuple(plainNumber, fc.nat(), fc.constantFrom(...oddCharacters)).map(([p, at, c]): PhoneCase => {
      const i = at % (p.length + 1);
      return { text: p.slice(0, i) + c + p.slice(i), expect: { kind: 'dropped' }, family: 'odd character' };
    }),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(plainNumber, fc.constantFrom(' (office)', ' mobile', ' home', ' (Mum)', ' - John', ' call after 6')).map(([p, label]): PhoneCase => ({ text: p + label, expect: { kind: 'dropped' }, family: 'label' })),
  },
  { weight: 1, arbitrary: digits(3, 8).map((d): PhoneCase => ({ text: `+1 +${d}`, expect: { kind: 'dropped' }, family: 'two plus signs' })) },
);
