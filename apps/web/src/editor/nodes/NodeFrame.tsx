import { type ReactNode } from 'react';
import { issueSentence } from '@sluice/graph';
import type { RuleNodeData } from '../canvas/to-flow';

interface NodeFrameProps {
  data: RuleNodeData;
  selected: boolean;
  kindLabel: string;
  title: string;
  body?: string;
  children?: ReactNode;
}

/** The box every rule node draws: kind, title, one-line reading, issues and preview counts. */
export function NodeFrame({ data, selected, kindLabel, title, body, children }: NodeFrameProps) {
  const errors = data.issues.filter((i) => i.severity === 'error');
  const warnings = data.issues.filter((i) => i.severity === 'warning');
  const classes = [
    'rule-node',
    `rule-node-${data.node.kind}`,
    selected ? 'is-selected' : '',
    data.highlighted ? 'is-highlighted' : '',
    errors.length ? 'has-error' : warnings.length ? 'has-warning' : '',
  ];
  const first = errors[0] ?? warnings[0];
  return (
    <div className={classes.filter(Boolean).join(' ')} data-testid={`node-${data.node.id}`}>
      <div className="rule-node-head">
        <span className="rule-node-kind">{kindLabel}</span>
        <span className="rule-node-id">{data.node.id}</span>
      </div>
      <div className="rule-node-title">{title}</div>
      {body && body !== title && <div className="rule-node-body">{body}</div>}
      {first && (
        <div className={`rule-node-issue ${errors.length ? 'is-error' : 'is-warning'}`} role="note" title={data.issues.map((i) => `${issueSentence(i)} (${i.code})`).join('\n')}>
          {issueSentence(first)}
          {data.issues.length > 1 && ` (and ${data.issues.length - 1} more)`}
        </div>
      )}
      {(data.passed !== undefined || data.stopped !== undefined) && (
        <div className="rule-node-stats">
          {data.passed ?? 0} passed{data.node.kind === 'condition' ? ` · ${data.stopped ?? 0} stopped` : ''}
        </div>
      )}
      {children}
    </div>
  );
}
