import { UserError } from '@sluice/core';
import type { ApiContext } from '../context';

const minutesUntil = (resetAt: number, now: number) => Math.max(1, Math.ceil((resetAt - now) / 60_000));
const minutes = (n: number) => `${n} minute${n === 1 ? '' : 's'}`;

/** The refusal; `retryAfterSeconds` becomes the HTTP answer's `Retry-After`. */
const tooMany = (what: string, resetAt: number, now: number) =>
  new UserError('E_TOO_MANY_ATTEMPTS', `${what}; try again in ${minutes(minutesUntil(resetAt, now))}.`, { retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)) });

/** Counter keys: the client address, or the account's email (the same for known and unknown ones). */
const keys = {
  signInFrom: (address: string) => `sign-in:address:${address}`,
  signUpFrom: (address: string) => `sign-up:address:${address}`,
  failuresOf: (email: string) => `sign-in:failures:${email}`,
};

/**
 * Counts one attempt from the request's network address; `E_TOO_MANY_ATTEMPTS` past the limit.
 * In-process callers (tests, scripts) have no address and are not limited here.
 */
async function countFromAddress(ctx: ApiContext, kind: 'signIn' | 'signUp', now: number): Promise<void> {
  if (!ctx.clientAddress) return;
  const limit = kind === 'signIn' ? ctx.auth.limits.signInPerAddress : ctx.auth.limits.signUpPerAddress;
  const key = kind === 'signIn' ? keys.signInFrom(ctx.clientAddress) : keys.signUpFrom(ctx.clientAddress);
  const hit = await ctx.db.authAttempts.hit(key, limit.windowMs, now);
  if (hit.count > limit.max) throw tooMany(kind === 'signIn' ? 'Too many sign-in attempts from your network' : 'Too many sign-up attempts from your network', hit.resetAt, now);
}

/** Counts a sign-up attempt from this address (before any work on it). */
export function countSignUp(ctx: ApiContext, now = Date.now()): Promise<void> {
  return countFromAddress(ctx, 'signUp', now);
}

/**
 * Guards one check of an account's password (sign-in, or the current password in a change): counts
 * it from the address, then as a failure of the account *before* the password is checked, so that
 * of many concurrent attempts no more than the allowed number are ever checked. Refuses while the
 * account is locked. The returned `settle` records the outcome: success forgets the failures; the
 * failure that reaches the limit locks the account and says so.
 */
export async function guardPasswordCheck(ctx: ApiContext, email: string, now = Date.now()): Promise<{ settle(ok: boolean): Promise<void> }> {
  await countFromAddress(ctx, 'signIn', now);
  const { failuresBeforeLock, lockMs } = ctx.auth.limits;
  const key = keys.failuresOf(email);
  const streak = await ctx.db.authAttempts.hit(key, lockMs, now);
  if (streak.count > failuresBeforeLock) throw tooMany('Too many failed sign-ins', streak.resetAt, now);
  return {
    async settle(ok) {
      if (ok) return ctx.db.authAttempts.clear(key);
      if (streak.count < failuresBeforeLock) return;
      // The last failure allowed: the lock starts now, whenever the first failure was.
      await ctx.db.authAttempts.endWindowAt(key, now + lockMs);
      throw tooMany('Too many failed sign-ins', now + lockMs, now);
    },
  };
}
