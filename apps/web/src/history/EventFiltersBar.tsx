import { directionWords, outcomes, outcomeWords, type EventFilters, type Names, type Outcome, type ReasonCount } from './history.model';

const periods: readonly { hours: number; label: string }[] = [
  { hours: 0, label: 'Any time' },
  { hours: 1, label: 'Last hour' },
  { hours: 24, label: 'Last day' },
  { hours: 24 * 7, label: 'Last week' },
];

/** Reasons a person may filter by beyond the health report's (those are only records not in sync). */
const commonReasons: readonly { reason: string; label: string }[] = [
  { reason: 'no-change', label: 'Nothing changed since the last sync' },
  { reason: 'E_CONFLICT', label: 'Both apps changed a field; the winning value was kept' },
];

/**
 * Filters of the record events: what happened, why (the reasons of the health report, in sentences,
 * per direction), which record, and when.
 */
export function EventFiltersBar({ value, onChange, reasons, names }: { value: EventFilters; onChange: (next: EventFilters) => void; reasons: readonly ReasonCount[]; names: Names }) {
  const options = [
    ...reasons.map((r) => ({ value: `${r.direction ?? 'aToB'}|${r.reason}`, label: r.direction ? `${r.label} (${directionWords(r.direction, names)})` : r.label })),
    ...(['aToB', 'bToA'] as const).flatMap((d) => commonReasons.map((r) => ({ value: `${d}|${r.reason}`, label: `${r.label} (${directionWords(d, names)})` }))),
  ].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);
  return (
    <div className="filters" role="group" aria-label="Filter events">
      <label className="field">
        <span className="field-label">What happened</span>
        <select className="select" value={value.outcome} onChange={(e) => onChange({ ...value, outcome: e.target.value as Outcome | '' })}>
          <option value="">Anything</option>
          {outcomes.map((o) => (
            <option key={o} value={o}>
              {outcomeWords[o]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Why</span>
        <select className="select" value={value.reason} onChange={(e) => onChange({ ...value, reason: e.target.value })}>
          <option value="">Any reason</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Record id</span>
        <input className="input" placeholder="e.g. p-0042" value={value.recordId} onChange={(e) => onChange({ ...value, recordId: e.target.value })} />
      </label>
      <label className="field">
        <span className="field-label">When</span>
        <select className="select" value={value.sinceHours} onChange={(e) => onChange({ ...value, sinceHours: Number(e.target.value) })}>
          {periods.map((p) => (
            <option key={p.hours} value={p.hours}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
