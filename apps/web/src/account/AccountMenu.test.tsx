import { describe, expect, it } from 'vitest';
import { initialsOf } from './AccountMenu';
import { roleLabel } from './roles';

describe('account menu', () => {
  it('shows the initials of the first and last names', () => {
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('  grace  brewster murray hopper ')).toBe('GH');
    expect(initialsOf('Ada')).toBe('A');
    expect(initialsOf('  ')).toBe('?');
  });

  it('names roles in words, and an unknown role as it comes', () => {
    expect(roleLabel('owner')).toBe('Owner');
    expect(roleLabel('viewer')).toBe('Viewer');
    expect(roleLabel('auditor')).toBe('auditor');
  });
});
