import { type ReactNode } from 'react';
import './states.css';

interface EmptyStateProps {
  title: string;
  /** What to do next, in a sentence. */
  children?: ReactNode;
  /** Usually the button that does it. */
  action?: ReactNode;
  icon?: string;
}

/** Shown where a list or screen has nothing yet; it says what to do. */
export function EmptyState({ title, children, action, icon = '◌' }: EmptyStateProps) {
  return (
    <section className="state state-empty" aria-label={title}>
      <span className="state-icon" aria-hidden="true">
        {icon}
      </span>
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {action}
    </section>
  );
}
