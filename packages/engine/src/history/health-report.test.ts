import { describe, expect, it } from 'vitest';
import { emptyRunCounts, type Run } from '../ports/runs.port';
import { MemoryHealth } from '../testing';
import { healthReport } from './health-report';

const scope = { workspaceId: 'w', connectionId: 'c' };

describe('healthReport', () => {
  it('counts records by their latest status and labels the reasons', async () => {
    const health = new MemoryHealth();
    await health.setMany(scope, [
      { side: 'a', recordId: '1', status: 'failed', reason: 'E_WRITE_REJECTED', at: 1 },
      { side: 'a', recordId: '1', status: 'inSync', at: 2 },
      { side: 'a', recordId: '2', status: 'excluded', reason: 'excludedBy:c1', at: 2 },
      { side: 'a', recordId: '3', status: 'excluded', reason: 'excludedBy:c1', at: 2 },
      { side: 'b', recordId: '3', status: 'duplicate', reason: 'E_NO_MATCH_KEY', at: 2 },
    ]);
    const run: Run = { id: 'r', kind: 'initial', status: 'succeeded', startedAt: 0, durationMs: 5, counts: emptyRunCounts(), errors: [] };
    await health.setMany(scope, [{ side: 'b', recordId: '9', status: 'excluded', reason: 'excludedBy:c1', at: 2 }]);
    const report = healthReport(await health.counts(scope), run, { aToB: { c1: 'Has no deals' }, bToA: { c1: 'Is a customer' } });
    expect(report.status).toBe('attention');
    expect(report.inSync).toBe(1);
    expect(report.failed.total).toBe(0);
    // Both directions have a node c1: each count names its own direction's node.
    expect(report.excluded.reasons).toEqual([
      { reason: 'excludedBy:c1', label: 'Filtered out by the rule “Has no deals”', count: 2, direction: 'aToB' },
      { reason: 'excludedBy:c1', label: 'Filtered out by the rule “Is a customer”', count: 1, direction: 'bToA' },
    ]);
    expect(report.duplicates.reasons[0]?.label).toMatch(/first match key/);
  });

  it('is failing after a failed run and new before any', async () => {
    const counts = await new MemoryHealth().counts(scope);
    expect(healthReport(counts, undefined).status).toBe('new');
    const run: Run = { id: 'r', kind: 'initial', status: 'failed', startedAt: 0, counts: emptyRunCounts(), errors: [] };
    expect(healthReport(counts, run).status).toBe('failing');
  });
});
