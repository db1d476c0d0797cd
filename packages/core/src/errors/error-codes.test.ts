import { describe, expect, it } from 'vitest';
import { errorCodeInfo, errorCodes, httpStatusOf, isUserErrorCode } from './error-codes';
import { OperationalError } from './operational.error';
import { UserError } from './user.error';
import { isOperationalError, isUserError } from './unexpected.error';

describe('errorCodes', () => {
  it.each(Object.entries(errorCodes))('%s has a kind, an HTTP status and a sentence a person can read', (code, info) => {
    expect(code).toMatch(/^E_[A-Z0-9_]+$/);
    expect(['user', 'operational']).toContain(info.kind);
    expect(httpStatusOf[info.status]).toBeGreaterThanOrEqual(400);
    // A sentence: capitalised, ends with a full stop, and never names a code.
    expect(info.sentence).toMatch(/^[A-Z].*\.$/);
    expect(info.sentence).not.toMatch(/\bE_[A-Z]/);
  });

  it('answers passing faults with 429 or 503 and bad input with a 4xx other than those', () => {
    for (const info of Object.values(errorCodes)) {
      const status = httpStatusOf[info.status];
      if (info.kind === 'operational') expect([429, 503]).toContain(status);
      else expect(status).toBeLessThan(500);
    }
  });

  it('looks codes up without reaching into the prototype, and tells user codes from the rest', () => {
    expect(errorCodeInfo('E_NOT_FOUND')).toEqual({ kind: 'user', status: 'NOT_FOUND', sentence: expect.any(String) });
    expect(errorCodeInfo('toString')).toBeUndefined();
    expect(isUserErrorCode('E_FILE_FORMAT')).toBe(true);
    expect(isUserErrorCode('E_RATE_LIMITED')).toBe(false);
    expect(isUserErrorCode('E_WRITE_SOMETHING_ELSE')).toBe(false);
  });
});

describe('error classes', () => {
  it('carry their code and are recognised by name', () => {
    const user = new UserError('E_UNKNOWN_FIELD', 'Unknown field "x".');
    const passing = new OperationalError('E_RATE_LIMITED', 'Slow down.', 2000);
    expect([isUserError(user), isOperationalError(user), isUserError(passing), isOperationalError(passing)]).toEqual([true, false, false, true]);
    expect(passing.retryAfterMs).toBe(2000);
    expect(errorCodes[user.code].kind).toBe('user');
  });
});
