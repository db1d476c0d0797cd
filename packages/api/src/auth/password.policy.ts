import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let common: Set<string> | null = null;

/**
 * The bundled list (common-passwords/README.md), read once on first use: ~49,000 lines. The path is
 * built from this module's own file rather than `new URL('./…', import.meta.url)`, which Vite rewrites
 * into an asset address when the module runs inside the web app's tests.
 */
function commonPasswords(): Set<string> {
  const file = join(dirname(fileURLToPath(import.meta.url)), 'common-passwords', 'common-passwords.txt');
  common ??= new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
  return common;
}

/** Name parts shorter than this are too likely to turn up in any password by chance to refuse them inside one. */
const MIN_NAME_PART = 3;

/**
 * Why a new password is refused, as a sentence, or null when it may be used: one of the common
 * passwords (also with digits or symbols added at the end, as in "Password1!"), the email itself,
 * or a password containing the email's name part. Length is the input schema's. Pure but for
 * reading the list once.
 * @example passwordProblem('Password1!', 'ann@example.com') // 'This password is one of the most common …'
 */
export function passwordProblem(password: string, email: string): string | null {
  const candidate = password.normalize('NFKC').toLowerCase();
  const address = email.trim().toLowerCase();
  const name = address.split('@')[0] ?? '';
  if (candidate === address || candidate === name) return 'Your password cannot be your email address; choose another.';
  if (name.length >= MIN_NAME_PART && candidate.includes(name)) return `Your password cannot contain "${name}" from your email address; choose another.`;
  const stem = candidate.replace(/[\d\W_]+$/u, '');
  if (commonPasswords().has(candidate) || (stem.length >= 4 && commonPasswords().has(stem))) {
    return 'This password is one of the most common ones, which attackers try first; choose another (a few unrelated words make a strong one).';
  }
  return null;
}
