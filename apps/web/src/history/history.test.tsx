import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { HealthSummary } from './HealthSummary';
import { RunsTimeline } from './RunsTimeline';
import { eventsQuery, formatDuration, formatValue, noFilters } from './history.model';

const names = { a: 'CRM', b: 'Outreach' };

describe('history', () => {
  it('builds the events query from the filters, leaving empty ones out', () => {
    expect(eventsQuery('c1', noFilters, 10_000_000)).toEqual({ connectionId: 'c1', limit: 100 });
    expect(eventsQuery('c1', { outcome: 'failed', reason: ' E_WRITE ', recordId: '', sinceHours: 1 }, 10_000_000)).toEqual({
      connectionId: 'c1',
      limit: 100,
      outcome: 'failed',
      reason: 'E_WRITE',
      from: 10_000_000 - 3_600_000,
    });
  });

  it('formats durations and field values for people', () => {
    expect(formatDuration(350)).toBe('350 ms');
    expect(formatDuration(1250)).toBe('1.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatValue(['vip', 'new'])).toBe('vip, new');
    expect(formatValue('')).toBe('(empty)');
  });

  it('shows health counts with the top reasons', () => {
    render(<HealthSummary counts={{ inSync: 42, excluded: { total: 7, byReason: { 'excludedBy:c1': 5, E_NO_MATCH_KEY: 2 } }, duplicates: { total: 0, byReason: {} }, failed: { total: 1, byReason: { E_WRITE_REJECTED: 1 } } }} />);
    const health = screen.getByRole('list', { name: 'Health' });
    expect(health.textContent).toContain('42 in sync');
    expect(health.textContent).toContain('7 excluded (excludedBy:c1 5, E_NO_MATCH_KEY 2)');
    expect(health.textContent).toContain('1 failed (E_WRITE_REJECTED 1)');
  });

  it('lists runs with kind, status, counts, duration and errors, and says when there are none', () => {
    const counts = { read: { a: 10, b: 4 }, created: { a: 1, b: 6 }, updated: { a: 2, b: 0 }, skipped: 3, excluded: 2, conflicts: 1, failed: 1 };
    const { rerender } = render(
      <RunsTimeline runs={[{ id: 'r1', kind: 'initial', status: 'succeeded', startedAt: 0, durationMs: 1500, counts, errors: [{ code: 'E_WRITE_REJECTED', message: 'bad email', recordId: 'p9' }] }]} names={names} />,
    );
    const run = screen.getByTestId('run').textContent ?? '';
    expect(run).toContain('initial');
    expect(run).toContain('succeeded');
    expect(run).toContain('1.5 s');
    expect(run).toContain('created 1 in CRM, 6 in Outreach');
    expect(run).toContain('E_WRITE_REJECTED: bad email (record p9)');
    rerender(<RunsTimeline runs={[]} names={names} />);
    expect(screen.getByText(/No runs yet/)).toBeDefined();
  });
});
