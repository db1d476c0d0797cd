import { z } from 'zod';

/**
 * Zod schemas for one environment variable each, shared by `config.schema.ts`. Every one treats an
 * unset or blank variable as "not given" (a `FOO=` line in a compose file means the default), and
 * fails with a sentence that reads after the variable's name: "must be a whole number …".
 */

const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** Shortens what a user typed for an error message (a pasted key must not fill the screen). */
export const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** Any non-blank text, trimmed. */
export const text = () => z.preprocess(blank, z.string().trim().optional());

/**
 * A whole number from `min` to `max`, in `unit` (named in the message).
 * @example wholeNumber({ min: 1000, unit: 'milliseconds' }).parse('5000') // 5000
 */
export function wholeNumber(range: { min: number; max?: number; unit?: string }) {
  const got = (n: number) => (range.unit ? `(${range.unit}; got ${n})` : `(got ${n})`);
  return z.preprocess(
    blank,
    z
      .string()
      .trim()
      .transform((value, ctx) => {
        const n = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!Number.isSafeInteger(n)) {
          ctx.addIssue({ code: 'custom', message: `must be a whole number${range.unit ? ` of ${range.unit}` : ''} (got ${shown(value)})` });
          return z.NEVER;
        }
        if (n < range.min) {
          ctx.addIssue({ code: 'custom', message: `must be at least ${range.min} ${got(n)}` });
          return z.NEVER;
        }
        if (range.max !== undefined && n > range.max) {
          ctx.addIssue({ code: 'custom', message: `must be at most ${range.max} ${got(n)}` });
          return z.NEVER;
        }
        return n;
      })
      .optional(),
  );
}

const yes = new Set(['1', 'true', 'yes', 'on']);
const no = new Set(['0', 'false', 'no', 'off']);

/**
 * A trimmed text that `read` turns into a value, or `undefined` when it cannot; then the variable
 * fails with `problem(value)`.
 */
function textAs<T>(read: (value: string) => T | undefined, problem: (value: string) => string) {
  return z.preprocess(
    blank,
    z
      .string()
      .trim()
      .transform((value, ctx) => {
        const out = read(value);
        if (out !== undefined) return out;
        ctx.addIssue({ code: 'custom', message: problem(value) });
        return z.NEVER;
      })
      .optional(),
  );
}

const onOff = (value: string) => (yes.has(value.toLowerCase()) ? true : no.has(value.toLowerCase()) ? false : undefined);

/** On or off: `1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off` (any case); unset is `undefined`. */
export const flag = () => textAs(onOff, (value) => `must be 1 or 0 (also true/false, yes/no, on/off; got ${shown(value)})`);

/** An absolute http(s) URL. */
export const httpUrl = () =>
  z.preprocess(
    blank,
    z
      .string()
      .trim()
      .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
        error: (issue) => `must be an http:// or https:// address (got ${shown(String(issue.input))})`,
      })
      .optional(),
  );

/** One of `values`, compared case-insensitively, given back in the listed spelling. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return textAs(
    (value) => values.find((v) => v === value.toLowerCase()) as T[number] | undefined,
    (value) => `must be one of ${values.join(', ')} (got ${shown(value)})`,
  );
}

/** A comma-separated list; blanks between commas are dropped. */
export const list = () =>
  z.preprocess(
    blank,
    z
      .string()
      .transform((value) => value.split(',').map((s) => s.trim()).filter(Boolean))
      .optional(),
  );

/** What `SLUICE_HSTS=on` means: 180 days, long enough to matter, short enough to undo. */
export const HSTS_DEFAULT_SECONDS = 180 * 24 * 3600;

/**
 * `SLUICE_HSTS`: off (`0`, `off`, …), on (`1`, `on`, …: 180 days), or the max-age in seconds (at
 * least 300). Gives the max-age, 0 for off.
 */
export const hsts = () =>
  textAs(
    (value) => {
      const on = onOff(value);
      if (on !== undefined) return on ? HSTS_DEFAULT_SECONDS : 0;
      const n = /^\d+$/.test(value) ? Number(value) : NaN;
      return Number.isSafeInteger(n) && n >= 300 ? n : undefined;
    },
    (value) => `must be on, off, or a max-age of at least 300 seconds (got ${shown(value)})`,
  );

/** A comma-separated list of host names (`sluice.lan`, `intranet.example:8080`, `[fd00::5]`), lower-cased. */
export const hostList = () =>
  list().superRefine((hosts, ctx) => {
    const bad = hosts?.find((h) => !/^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(:\d{1,5})?$/i.test(h));
    if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `must be host names, each with an optional :port, separated by commas (got ${shown(bad)})` });
  }).transform((hosts) => hosts?.map((h) => h.toLowerCase()));
