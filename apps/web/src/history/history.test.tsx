import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { TooltipProvider } from '../ui/Tooltip';
import { HealthSummary } from './HealthSummary';
import { RunsTimeline, runCountItems } from './RunsTimeline';
import { eventHeadline, eventsQuery, formatDuration, formatValue, nextCursor, noFilters } from './history.model';

const names = { a: 'CRM', b: 'Outreach' };

describe('history', () => {
  it('builds the events query from the filters and a page cursor, leaving empty ones out', () => {
    expect(eventsQuery('c1', noFilters, 10_000_000)).toEqual({ connectionId: 'c1', limit: 50 });
    expect(eventsQuery('c1', { outcome: 'excluded', reason: 'bToA|excludedBy:c1', recordId: ' p1 ', sinceHours: 1 }, 10_000_000, { at: 5, skip: 2 })).toEqual({
      connectionId: 'c1',
      limit: 50,
      outcome: 'excluded',
      reason: 'excludedBy:c1',
      direction: 'bToA',
      recordId: 'p1',
      from: 10_000_000 - 3_600_000,
      before: { at: 5, skip: 2 },
    });
  });

  it('pages past events that share one time, counting those earlier pages showed', () => {
    expect(nextCursor([{ at: 9 }, { at: 5 }, { at: 5 }], undefined)).toEqual({ at: 5, skip: 2 });
    expect(nextCursor([{ at: 5 }, { at: 5 }], { at: 5, skip: 2 })).toEqual({ at: 5, skip: 4 });
    expect(nextCursor([{ at: 5 }, { at: 4 }], { at: 5, skip: 2 })).toEqual({ at: 4, skip: 1 });
    expect(nextCursor([], undefined)).toBeUndefined();
  });

  it('says what happened to a record in which app', () => {
    expect(eventHeadline({ direction: 'aToB', outcome: 'created' }, names)).toBe('Created in Outreach');
    expect(eventHeadline({ direction: 'bToA', outcome: 'updated', changes: [{ path: 'email', before: 'a', after: 'b' }] }, names)).toBe('Updated in CRM');
    expect(eventHeadline({ direction: 'aToB', outcome: 'conflict', changes: [{ path: 'phone', before: 1, after: 2 }, { path: 'tags', side: 'a', before: [], after: ['x'] }] }, names)).toBe(
      'Updated in CRM and Outreach, a conflict resolved',
    );
    expect(eventHeadline({ direction: 'aToB', outcome: 'excluded' }, names)).toBe('Filtered out, not synced to Outreach');
  });

  it('formats durations and field values for people', () => {
    expect(formatDuration(350)).toBe('350 ms');
    expect(formatDuration(1250)).toBe('1.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatValue(['vip', 'new'])).toBe('vip, new');
    expect(formatValue('')).toBe('(empty)');
  });

  it('shows health with each reason in a sentence and its direction, the code kept out of the text', () => {
    render(
      <TooltipProvider>
        <HealthSummary
          names={names}
          report={{
            inSync: 42,
            excluded: { total: 7, reasons: [{ reason: 'excludedBy:c1', label: 'Filtered out by the rule “Has no deals”', count: 5, direction: 'aToB' }, { reason: 'excludedBy:c1', label: 'Filtered out by the rule “Is a customer”', count: 2, direction: 'bToA' }] },
            duplicates: { total: 0, reasons: [] },
            failed: { total: 1, reasons: [{ reason: 'E_WRITE_REJECTED', label: 'The other app refused the record', count: 1, direction: 'aToB' }] },
          }}
        />
      </TooltipProvider>,
    );
    const text = document.body.textContent ?? '';
    expect(screen.getByRole('list', { name: 'Health' }).textContent).toContain('42 in sync');
    expect(text).toContain('Filtered out by the rule “Has no deals” (CRM → Outreach): 5');
    expect(text).toContain('Filtered out by the rule “Is a customer” (Outreach → CRM): 2');
    expect(text).toContain('The other app refused the record (CRM → Outreach): 1');
    expect(text).not.toMatch(/excludedBy|E_WRITE/);
  });

  it('labels and explains each count of a run, and says when there are none', () => {
    const counts = { read: { a: 485, b: 500 }, created: { a: 1, b: 6 }, updated: { a: 2, b: 0 }, skipped: 486, excluded: 2, conflicts: 1, failed: 1 };
    expect(runCountItems(counts, names).map((i) => `${i.label}: ${i.value}`)).toEqual([
      'Read: 485 from CRM, 500 from Outreach',
      'Created: 1 in CRM, 6 in Outreach',
      'Updated: 2 in CRM',
      'Nothing to write: 486',
      'Filtered out: 2',
      'Conflicts resolved: 1',
      'Failed: 1',
    ]);
    expect(runCountItems(counts, names).every((i) => i.help.length > 20)).toBe(true);
    const { rerender } = render(
      <TooltipProvider>
        <RunsTimeline runs={[{ id: 'r1', kind: 'initial', status: 'succeeded', startedAt: 0, durationMs: 1500, counts, errors: [{ code: 'E_WRITE_REJECTED', message: 'bad email', recordId: 'p9' }] }]} names={names} />
      </TooltipProvider>,
    );
    const run = screen.getByTestId('run').textContent ?? '';
    expect(run).toContain('First sync');
    expect(run).toContain('finished in 1.5 s');
    expect(run).toContain('bad email (record p9)');
    expect(run).not.toContain('E_WRITE_REJECTED');
    rerender(
      <TooltipProvider>
        <RunsTimeline runs={[]} names={names} />
      </TooltipProvider>,
    );
    expect(screen.getByText(/No runs yet/)).toBeDefined();
  });
});
