import { topReasons, type HealthCounts } from './history.model';
import './history.css';

/** Health counts: in sync, excluded by reason, failed by reason (compact for the list, full for the header). */
export function HealthSummary({ counts, compact = false }: { counts: HealthCounts; compact?: boolean }) {
  const reasons = (byReason: Record<string, number>) =>
    compact
      ? ''
      : topReasons(byReason)
          .map(([r, n]) => `${r} ${n}`)
          .join(', ');
  const excluded = reasons(counts.excluded.byReason);
  const failed = reasons(counts.failed.byReason);
  return (
    <ul className={`health ${compact ? 'health-compact' : ''}`} aria-label="Health">
      <li className="health-ok">
        <strong>{counts.inSync}</strong> in sync
      </li>
      <li className="health-excluded" title={topReasons(counts.excluded.byReason).map(([r, n]) => `${r}: ${n}`).join('\n') || undefined}>
        <strong>{counts.excluded.total}</strong> excluded{excluded && <span className="hint"> ({excluded})</span>}
      </li>
      {counts.duplicates.total > 0 && (
        <li className="health-excluded">
          <strong>{counts.duplicates.total}</strong> duplicates
        </li>
      )}
      <li className={counts.failed.total > 0 ? 'health-failed' : ''} title={topReasons(counts.failed.byReason).map(([r, n]) => `${r}: ${n}`).join('\n') || undefined}>
        <strong>{counts.failed.total}</strong> failed{failed && <span className="hint"> ({failed})</span>}
      </li>
    </ul>
  );
}
