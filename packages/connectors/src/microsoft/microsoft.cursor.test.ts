import { describe, expect, it } from 'vitest';
import { decodeCursor, relativeLink } from './microsoft.cursor';

describe('Microsoft 365 cursor', () => {
  it('keeps Graph links relative to the API root, query included', () => {
    expect(relativeLink('https://graph.microsoft.com/v1.0/me/contacts/delta?$deltatoken=a%2Bb', 'https://graph.microsoft.com/v1.0/')).toBe('/me/contacts/delta?$deltatoken=a%2Bb');
    expect(relativeLink('http://127.0.0.1:4010/me/contactFolders/F1/contacts/delta?$skiptoken=x', 'http://127.0.0.1:4010')).toBe('/me/contactFolders/F1/contacts/delta?$skiptoken=x');
  });

  it('refuses a link to another host, another API root or no URL at all', () => {
    for (const link of ['https://evil.example/v1.0/me/contacts/delta', 'https://graph.microsoft.com/beta/me/contacts/delta', 'http://graph.microsoft.com/v1.0/me/contacts', '/me/contacts/delta']) {
      expect(() => relativeLink(link, 'https://graph.microsoft.com/v1.0'), link).toThrow(/paging link outside https:\/\/graph\.microsoft\.com\/v1\.0\//);
    }
  });

  it('reads back what it wrote and says a damaged position is unreadable', () => {
    expect(decodeCursor(null)).toBeUndefined();
    expect(decodeCursor(JSON.stringify({ folder: 'default', link: '/me/contacts/delta?$deltatoken=1', done: true }))).toEqual({ folder: 'default', link: '/me/contacts/delta?$deltatoken=1', done: true });
    for (const bad of ['{', '{"folder":"default","link":"https://evil.example/x","done":true}', '{"folder":1,"link":"/x","done":true}']) {
      expect(() => decodeCursor(bad), bad).toThrow(/sync position is unreadable/);
    }
  });
});
