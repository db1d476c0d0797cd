import { Tooltip } from '../ui/Tooltip';
import { directionWords, type HealthCounts, type HealthReportView, type Names, type ReasonCount } from './history.model';
import './history.css';

/** The counts of a connection's records in one line: in sync, filtered out, duplicates, failed (the list's compact form). */
export function HealthLine({ counts }: { counts: HealthCounts }) {
  return (
    <ul className="health health-compact" aria-label="Health">
      <li className="health-ok">
        <strong>{counts.inSync}</strong> in sync
      </li>
      <li>
        <strong>{counts.excluded.total}</strong> filtered out
      </li>
      {counts.duplicates.total > 0 && (
        <li>
          <strong>{counts.duplicates.total}</strong> held back as duplicates
        </li>
      )}
      <li className={counts.failed.total > 0 ? 'health-failed' : ''}>
        <strong>{counts.failed.total}</strong> failed
      </li>
    </ul>
  );
}

/** One reason as a sentence with its direction; the code behind it in a tooltip. */
function Reason({ reason, names }: { reason: ReasonCount; names: Names }) {
  return (
    <li>
      <Tooltip content={reason.reason}>
        <span tabIndex={0} className="reason">
          {reason.label}
          {reason.direction && <span className="hint"> ({directionWords(reason.direction, names)})</span>}
        </span>
      </Tooltip>
      : <strong>{reason.count}</strong>
    </li>
  );
}

/**
 * The health of a connection's records: how many are in sync, and for those that are not, why, in
 * sentences naming the rule and the direction (codes in tooltips).
 */
export function HealthSummary({ report, names }: { report: HealthReportView; names: Names }) {
  const groups = [
    { key: 'excluded', title: 'filtered out by the rules', bucket: report.excluded },
    { key: 'duplicates', title: 'held back as possible duplicates', bucket: report.duplicates },
    { key: 'failed', title: 'failed', bucket: report.failed },
  ] as const;
  return (
    <div className="health-report">
      <ul className="health" aria-label="Health">
        <li className="health-ok">
          <strong>{report.inSync}</strong> in sync
        </li>
        {groups.map((g) =>
          g.bucket.total > 0 || g.key !== 'duplicates' ? (
            <li key={g.key} className={g.key === 'failed' && g.bucket.total > 0 ? 'health-failed' : ''}>
              <strong>{g.bucket.total}</strong> {g.title}
            </li>
          ) : null,
        )}
      </ul>
      {groups.map(
        (g) =>
          g.bucket.reasons.length > 0 && (
            <ul key={g.key} className="health-reasons" aria-label={`Why ${g.title}`}>
              {g.bucket.reasons.slice(0, 5).map((r) => (
                <Reason key={`${r.direction ?? ''}|${r.reason}`} reason={r} names={names} />
              ))}
            </ul>
          ),
      )}
    </div>
  );
}
