import { issueSentence } from '@sluice/graph';
import type { EditorIssue } from '../canvas/to-flow';

type DocPath = readonly (string | number)[];

const samePath = (a: DocPath | undefined, b: DocPath) => !!a && a.length === b.length && a.every((x, i) => x === b[i]);

/** The findings validation placed exactly at `path` (a field of the selected node). Pure. */
export function problemsAt(issues: readonly EditorIssue[], path: DocPath): EditorIssue[] {
  return issues.filter((i) => samePath(i.path, path));
}

/** Whether a finding belongs to a field of the node (its condition or action) rather than to the node. Pure. */
export function isFieldProblem(issue: EditorIssue): boolean {
  return !!issue.path && issue.path.length > 3 && (issue.path[2] === 'when' || issue.path[2] === 'do');
}

/**
 * A field's problems as sentences under it ("Enter a tag name."), codes in the tooltip; the input
 * points at it with aria-describedby and sets aria-invalid.
 */
export function FieldProblem({ id, problems }: { id: string; problems: readonly EditorIssue[] }) {
  if (problems.length === 0) return null;
  return (
    <span id={id} className={problems.some((p) => p.severity === 'error') ? 'error-text' : 'warning-text'} title={problems.map((p) => p.code).join(', ')}>
      {problems.map(issueSentence).join(' ')}
    </span>
  );
}

/** The attributes an input with problems gets. */
export function problemProps(id: string, problems: readonly EditorIssue[]) {
  return problems.length ? { 'aria-invalid': true as const, 'aria-describedby': id } : {};
}
