import { outcomes, type EventFilters, type Outcome } from './history.model';

const periods: readonly { hours: number; label: string }[] = [
  { hours: 0, label: 'Any time' },
  { hours: 1, label: 'Last hour' },
  { hours: 24, label: 'Last day' },
  { hours: 24 * 7, label: 'Last week' },
];

/** Filters of the record events: outcome, reason, record id, time. */
export function EventFiltersBar({ value, onChange }: { value: EventFilters; onChange: (next: EventFilters) => void }) {
  return (
    <div className="filters" role="group" aria-label="Filter events">
      <label className="field">
        <span className="field-label">Outcome</span>
        <select className="select" value={value.outcome} onChange={(e) => onChange({ ...value, outcome: e.target.value as Outcome | '' })}>
          <option value="">All outcomes</option>
          {outcomes.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Reason</span>
        <input className="input" placeholder="e.g. excludedBy:c1" value={value.reason} onChange={(e) => onChange({ ...value, reason: e.target.value })} />
      </label>
      <label className="field">
        <span className="field-label">Record id</span>
        <input className="input" value={value.recordId} onChange={(e) => onChange({ ...value, recordId: e.target.value })} />
      </label>
      <label className="field">
        <span className="field-label">Time</span>
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
