import './states.css';

/** A spinner with a label; takes the room of the content it waits for so nothing jumps. */
export function LoadingState({ label = 'Loading…', minHeight }: { label?: string; minHeight?: number | string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite" style={{ minHeight }}>
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
