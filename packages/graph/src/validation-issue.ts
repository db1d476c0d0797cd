/** Stable codes validation reports; tests and the editor rely on them. */
export type ValidationCode =
  | 'E_FORMAT'
  | 'E_SCHEMA'
  | 'E_DUPLICATE_ID'
  | 'E_NO_SOURCE'
  | 'E_MULTIPLE_SOURCES'
  | 'E_NO_SYNC'
  | 'E_DANGLING_EDGE'
  | 'E_BAD_EDGE'
  | 'E_CYCLE'
  | 'E_UNKNOWN_FIELD'
  | 'E_TYPE_MISMATCH'
  | 'E_READ_ONLY_FIELD'
  | 'E_BAD_REGEX'
  | 'E_UNREACHABLE';

/** One finding of `validateGraph`, naming the node or edge at fault. */
export interface ValidationIssue {
  code: ValidationCode;
  /** `warning`s (E_UNREACHABLE: no record reaches the node) do not make a graph invalid. */
  severity: 'error' | 'warning';
  nodeId?: string;
  edgeIndex?: number;
  /** Where in the document, e.g. `['nodes', 2, 'when', 'all', 0, 'field']`. */
  path: (string | number)[];
  /** The stable technical line (with the code, what `formatIssue` prints). */
  message: string;
  /**
   * The same finding as a sentence for a person, e.g. `Enter a tag name.` (the editor shows it at
   * the field; validateGraph always sets it).
   */
  sentence?: string;
  /** For E_CYCLE: the nodes on the cycle, in order. */
  nodeIds?: string[];
}

export interface ValidationResult {
  valid: boolean;
  /** Errors and warnings, in document order within each check. */
  errors: ValidationIssue[];
}

/** `c1: E_UNKNOWN_FIELD field "dealz.count" is unknown` — the one-line form the CLI prints. Pure. */
export function formatIssue(issue: ValidationIssue): string {
  const where = issue.nodeId ?? (issue.edgeIndex !== undefined ? `edge ${issue.edgeIndex}` : 'graph');
  return `${where}: ${issue.code} ${issue.message}`;
}

/** What a person reads for an issue: its sentence, else its message. Pure. */
export function issueSentence(issue: Pick<ValidationIssue, 'message' | 'sentence'>): string {
  return issue.sentence ?? issue.message;
}
