import { describe, expect, it } from 'vitest';
import { formatTags, parseTags, prospectToContact, wpTime, writeToProspect } from './woodpecker.mapping';

describe('woodpecker mapping', () => {
  it('parses and formats tags', () => {
    expect(parseTags('#VIP #Trade fair  #')).toEqual(['VIP', 'Trade fair']);
    expect(formatTags(['VIP', 'Trade fair', '#'])).toBe('#VIP #Trade fair');
  });

  it('reads offsets without a colon', () => {
    expect(wpTime('2021-04-27T12:33:56+0200')).toBe('2021-04-27T10:33:56.000Z');
    expect(wpTime('garbage')).toBeUndefined();
  });

  it('maps a prospect: BLACKLIST is unsubscribed, snippets are custom fields', () => {
    const c = prospectToContact({ id: 5, email: 'a@x.io', first_name: 'A', status: 'BLACKLIST', tags: '#X', snippet3: 'hi', city: 'Ghent', updated: '2025-01-01T00:00:00+0000' }, 'now');
    expect(c).toEqual({
      id: '5',
      email: 'a@x.io',
      firstName: 'A',
      address: { city: 'Ghent' },
      tags: ['X'],
      lists: [],
      unsubscribed: true,
      custom: { snippet3: 'hi', status: 'BLACKLIST' },
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
  });

  it('writes fields Woodpecker has, clears with "", and lists the ones it has not', () => {
    expect(writeToProspect({ email: 'a@x.io', lastName: null, mobile: '+32', 'custom.snippet2': 'x', 'address.zip': '9000', tags: ['A'] }, '5')).toEqual({
      prospect: { id: '5', email: 'a@x.io', last_name: '', phone: '+32', snippet2: 'x', tags: '#A' },
      ignored: ['address.zip'],
    });
  });
});
