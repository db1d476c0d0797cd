import { describe, expect, it } from 'vitest';
import { compileRulePattern, MATCH_BUDGET, MAX_PATTERN_LENGTH, MAX_PATTERN_PROGRAM } from './rule-pattern';
import { seededRandom } from './testing/seeded-random';

function compiled(source: string) {
  const result = compileRulePattern(source);
  if (!result.ok) throw new Error(`refused /${source}/: ${result.problem}`);
  return result.pattern;
}

// Patterns of the kind rules hold, and texts drawn around them.
const TYPICAL = ['@(gmail|yahoo|hotmail|outlook)\\.com$', '^\\+44', 'manager|director|head of', '^[a-z]{2}\\d+', '\\bsales\\b', '^(ceo|cto|cfo)$', '^$', '\\.(de|at|ch)$', '^[^@]+@[^@]+\\.[a-z]{2,}$', '\\d{3}-\\d{4}', 'é', '^\\s*$'];
const WORDS = ['a', 'jo', '@gmail.com', '@Yahoo.COM', '.com', '+44', '44', ' ', 'Head of', 'SALES', 'sales', 'ceo', 'CTO', '.de', '.at', 'x', '123', '-', '4567', 'é', 'É', '\t', 'director'];

describe('compileRulePattern', () => {
  it('agrees with RegExp (ignoring case) on typical patterns over 2,000 random texts (seed 18)', () => {
    const rand = seededRandom(18);
    const pairs = TYPICAL.map((source) => ({ source, linear: compiled(source), native: new RegExp(source, 'i') }));
    const disagreements: string[] = [];
    let matched = 0;
    for (let n = 0; n < 2_000; n++) {
      const words = Array.from({ length: Math.floor(rand() * 5) }, () => WORDS[Math.floor(rand() * WORDS.length)]);
      const text = words.join(rand() < 0.5 ? '' : ' ');
      for (const { source, linear, native } of pairs) {
        const expected = native.test(text);
        if (expected) matched++;
        if (linear.test(text) !== expected) disagreements.push(`/${source}/ on ${JSON.stringify(text)}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(matched).toBeGreaterThan(1_000);
  });

  it('runs the pattern that froze the server, (a+)+$, on 100,000 characters (RegExp would not finish)', () => {
    const pattern = compiled('(a+)+$');
    expect(pattern.maxText).toBeGreaterThan(100_001);
    expect(pattern.test(`${'a'.repeat(100_000)}!`)).toBe(false);
    expect(pattern.test('a'.repeat(100_000))).toBe(true);
    const words = compiled('^(\\w+\\s?)*$');
    const text = `${'word '.repeat(10_000)}!`;
    expect(words.maxText).toBeGreaterThan(text.length);
    expect(words.test(text)).toBe(false);
    expect(words.test(text.slice(0, -1))).toBe(true);
  });

  it('tests a text only while its length × the program size stays within the budget; a longer one does not match', () => {
    const pattern = compiled('^[ab]*a[ab]{40}c$');
    // About 48 steps: one per class and repeat, a few for the anchors and the match.
    expect(pattern.maxText).toBeGreaterThan(MATCH_BUDGET / 60);
    expect(pattern.maxText).toBeLessThan(MATCH_BUDGET / 40);
    const fits = `${'ab'.repeat(Math.floor((pattern.maxText - 43) / 2))}a${'b'.repeat(40)}c`;
    expect(fits.length).toBeLessThanOrEqual(pattern.maxText);
    expect(pattern.test(fits)).toBe(true);
    expect(pattern.test(`ab${fits}`)).toBe(false);
  });

  it('refuses backreferences and lookaround with a sentence naming the construct', () => {
    const problems = ['(a)\\1', '(?<n>a)\\k<n>', 'x(?=y)', 'x(?!y)', '(?<=y)x', '(?<!y)x'].map((s) => compileRulePattern(s));
    expect(problems.map((p) => (p.ok ? 'ok' : p.problem.split(',')[0]))).toEqual([
      'uses a backreference (\\1)',
      'uses a named backreference (\\k<…>)',
      'uses a lookahead (?=…)',
      'uses a lookahead (?!…)',
      'uses a lookbehind (?<=…)',
      'uses a lookbehind (?<!…)',
    ]);
    for (const p of problems) expect(p.ok ? '' : p.problem).toMatch(/linear time/);
  });

  it('takes the same characters inside a class for what they are', () => {
    expect(compiled('[(?=]').test('(')).toBe(true);
    expect(compiled('[(?<=]x').test('<x')).toBe(true);
  });

  it('refuses patterns that do not parse, are too long or compile too large, saying why', () => {
    expect(compileRulePattern('([a-z')).toMatchObject({ ok: false, problem: expect.stringMatching(/^is not a regular expression Sluice can run \(missing closing \]/) });
    expect(compileRulePattern('x'.repeat(MAX_PATTERN_LENGTH + 1))).toMatchObject({ ok: false, problem: expect.stringMatching(/characters long; .* at most 1000/) });
    expect(compileRulePattern('a{1,1000}')).toMatchObject({ ok: false, problem: expect.stringMatching(new RegExp(`too large .* at most ${MAX_PATTERN_PROGRAM}\\)`)) });
    expect(compileRulePattern('[a-z]{1,100}')).toMatchObject({ ok: true });
  });

  it('reads JavaScript syntax: named groups, \\u escapes, \\d, flags-free case folding', () => {
    expect(compiled('(?<domain>acme)\\.com$').test('jo@ACME.com')).toBe(true);
    expect(compiled('caf\\u00e9').test('CAFÉ')).toBe(true);
    expect(compiled('^\\d+$').test('0123')).toBe(true);
    expect(compiled('^\\d+$').test('12a')).toBe(false);
  });
});
