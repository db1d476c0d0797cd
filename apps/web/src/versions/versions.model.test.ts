import { describe, expect, it } from 'vitest';
import { authorName, changeLabel, diffSections, summaryLine } from './versions.model';

describe('versions model', () => {
  it('sums a version up in one line: its first change and how many more, else what the save was', () => {
    expect(summaryLine({ change: 'settings', changes: ['Changed the sync type from both ways to A → B only.'], note: null })).toBe('Changed the sync type from both ways to A → B only.');
    expect(summaryLine({ change: 'rules', changes: ['A: Added x.', 'A: Removed y.', 'A: Connected x to z.'], note: null })).toBe('A: Added x. (and 2 more changes)');
    expect(summaryLine({ change: 'restored', changes: ['Removed z.'], note: 'Restored from version 2' })).toBe('Restored from version 2: Removed z.');
    expect(summaryLine({ change: 'restored', changes: [], note: 'Restored from version 2' })).toBe('Restored from version 2.');
    expect(summaryLine({ change: 'created', changes: [], note: null })).toBe('Created the connection.');
    expect(summaryLine({ change: 'rules', changes: [], note: null })).toBe('Nothing changed but where nodes sit on the canvas.');
  });

  it('names the author and the kind of save in words', () => {
    expect(authorName({ name: 'Ann', email: 'ann@example.com' })).toBe('Ann');
    expect(authorName({ name: '', email: 'ann@example.com' })).toBe('ann@example.com');
    expect(authorName(null)).toBe('Sluice');
    expect(changeLabel('template')).toBe('Template imported');
    expect(changeLabel('future-kind')).toBe('future-kind');
  });

  it('orders a diff as settings first, then each direction’s rules', () => {
    const diff = { from: 1, to: 3, same: false, settings: ['Changed the sync type.'], rules: [{ direction: 'aToB', label: 'CRM → Outreach', sentences: ['Added the condition “VIP”.'] }] };
    expect(diffSections(diff)).toEqual([
      { title: 'Settings', sentences: ['Changed the sync type.'] },
      { title: 'Rules CRM → Outreach', sentences: ['Added the condition “VIP”.'] },
    ]);
    expect(diffSections({ ...diff, settings: [], rules: [], same: true })).toEqual([]);
  });
});
