import { RE2JS } from 're2js';

/** A compiled `matches` pattern: case-insensitive, unanchored, linear in the length of the text. */
export interface RulePattern {
  test(text: string): boolean;
  /**
   * Every match in `text` replaced (`$1`, `$<name>` refer to groups); a text longer than `maxText`
   * comes back unchanged, as it would not match.
   */
  replaceAll(text: string, replacement: string): string;
  /** Longest text this pattern tests; a longer one does not match (see MATCH_BUDGET). */
  readonly maxText: number;
}

export type RulePatternResult = { ok: true; pattern: RulePattern } | { ok: false; problem: string };

/**
 * Largest compiled program a rule may run. Patterns people write for rules stay well below it
 * (`@(gmail|yahoo)\.com$` is 21 steps, a sixteen-domain alternation about 120).
 */
export const MAX_PATTERN_PROGRAM = 500;
/** Longest pattern source, so a template cannot make validation itself slow. */
export const MAX_PATTERN_LENGTH = 1_000;
/**
 * Linear time still multiplies: when a pattern defeats the engine's DFA cache (`[ab]*a[ab]{200}`),
 * each character costs up to one step per instruction, ~0.1 µs each here. A text is tested only when
 * its length × the program's size stays within this budget (~0.1 s at worst): a 20-step pattern tests
 * texts of up to 50,000 characters, the largest pattern 2,000. Longer texts do not match.
 */
export const MATCH_BUDGET = 1_000_000;

class LinearPattern implements RulePattern {
  constructor(
    private readonly re: RE2JS,
    readonly maxText: number,
  ) {}
  test(text: string): boolean {
    return text.length <= this.maxText && this.re.test(text);
  }
  replaceAll(text: string, replacement: string): string {
    return text.length <= this.maxText ? this.re.matcher(text).replaceAll(replacement) : text;
  }
}

const WHY_LINEAR = 'rules match in linear time so that no pattern can stall the server';

/**
 * The first construct of a JavaScript pattern that a linear-time engine cannot run: backreferences
 * (`\1`, `\k<name>`) and lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`). Character classes are skipped, as
 * there these characters mean themselves. Pure.
 */
function backtrackingOnly(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `a backreference (\\${next})`;
      if (!inClass && next === 'k' && source[i + 2] === '<') return 'a named backreference (\\k<…>)';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && source[i + 1] === '?') {
      const ahead = source.slice(i + 2, i + 4);
      if (ahead.startsWith('=') || ahead.startsWith('!')) return `a lookahead (?${ahead[0]}…)`;
      if (ahead === '<=' || ahead === '<!') return `a lookbehind (?${ahead}…)`;
    }
  }
  return undefined;
}

/**
 * Compiles a rule's `matches` pattern (JavaScript syntax, matched ignoring case) with RE2JS, a
 * linear-time engine that runs alike on the server, in the CLI and in the browser; or says in a
 * sentence why the pattern cannot be a rule (`problem` follows "pattern /…/ "). JavaScript's own
 * RegExp backtracks: `(a+)+$` against 27 characters held the server for seconds. Pure.
 * @example compileRulePattern('@(gmail|yahoo)\\.com$') // { ok: true, pattern }
 * @example compileRulePattern('(a)\\1') // { ok: false, problem: 'uses a backreference (\\1), …' }
 */
export function compileRulePattern(source: string): RulePatternResult {
  if (source.length > MAX_PATTERN_LENGTH) {
    return { ok: false, problem: `is ${source.length} characters long; a rule's pattern may have at most ${MAX_PATTERN_LENGTH}` };
  }
  const unsupported = backtrackingOnly(source);
  if (unsupported) return { ok: false, problem: `uses ${unsupported}, which rules cannot use: ${WHY_LINEAR}; write it without` };
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(source), RE2JS.CASE_INSENSITIVE);
  } catch (e) {
    const detail = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e);
    return { ok: false, problem: `is not a regular expression Sluice can run (${detail})` };
  }
  const size = compiled.programSize();
  if (size > MAX_PATTERN_PROGRAM) {
    return { ok: false, problem: `is too large to match quickly (${size} steps, at most ${MAX_PATTERN_PROGRAM}): split it into several conditions or shorten its repeats` };
  }
  return { ok: true, pattern: new LinearPattern(compiled, Math.floor(MATCH_BUDGET / size)) };
}
