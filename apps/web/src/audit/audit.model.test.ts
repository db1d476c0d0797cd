import { describe, expect, it } from 'vitest';
import { actorName, auditFileName, changeSentences, pageRange } from './audit.model';

describe('audit model', () => {
  it('names who did it: a person by name or email, Sluice by what part of it', () => {
    expect(actorName({ type: 'user', name: 'Ann', email: 'ann@example.com' })).toBe('Ann');
    expect(actorName({ type: 'user', name: '', email: 'ann@example.com' })).toBe('ann@example.com');
    expect(actorName({ type: 'system', name: 'worker' })).toBe('Sluice (worker)');
  });

  it('reads the change sentences of an entry, ignoring anything else in its details', () => {
    expect(changeSentences({ details: { version: 2, changes: ['Changed the sync type.', 3] } })).toEqual(['Changed the sync type.']);
    expect(changeSentences({ details: { version: 2 } })).toEqual([]);
    expect(changeSentences({})).toEqual([]);
  });

  it('says which entries a page shows, and names the export after the workspace', () => {
    expect(pageRange(0, 25, 130)).toBe('Entries 1–25 of 130');
    expect(pageRange(5, 5, 130)).toBe('Entries 126–130 of 130');
    expect(pageRange(0, 0, 0)).toBe('No entries');
    expect(auditFileName("Ann's workspace")).toBe('sluice-audit-ann-s-workspace.jsonl');
    expect(auditFileName('⚙')).toBe('sluice-audit-workspace.jsonl');
  });
});
