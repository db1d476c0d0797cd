import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password.policy';

describe('passwordProblem', () => {
  it('refuses common passwords, also with digits or symbols added at the end, in any case', () => {
    for (const pw of ['password', 'Password1!', 'QWERTYUIOP', 'iloveyou2024', 'sunshine!!', '12345678']) {
      expect([pw, passwordProblem(pw, 'ann@example.com')]).toEqual([pw, expect.stringContaining('most common')]);
    }
  });

  it('refuses the email, its name part, and passwords containing the name part', () => {
    expect(passwordProblem('ann.lee@example.com', 'Ann.Lee@Example.com')).toContain('cannot be your email address');
    expect(passwordProblem('ann.lee', 'ann.lee@example.com')).toContain('cannot be your email address');
    expect(passwordProblem('my ANN.LEE secret', 'ann.lee@example.com')).toBe('Your password cannot contain "ann.lee" from your email address; choose another.');
  });

  it('accepts a passphrase, and a short name part inside a longer password', () => {
    expect(passwordProblem('correct horse battery', 'ann@example.com')).toBeNull();
    expect(passwordProblem('jo rides a blue tandem', 'jo@example.com')).toBeNull();
    expect(passwordProblem('a good password 42', 'someone@example.com')).toBeNull();
  });
});
