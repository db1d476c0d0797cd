import { Link } from '../app/Link';
import { Tooltip } from '../ui/Tooltip';
import { connectionProblem, type ProblemInput } from './connection-problem';
import './connection-problem.css';

interface ConnectionProblemNoteProps extends ProblemInput {
  connectionId: string;
  /** Where the access form is on the page (for "reconnect"). */
  accessAnchor: string;
  /** Asks for a run now (for "try now"); absent when the connection is not running. */
  onRetryNow?: () => void;
  retrying?: boolean;
}

/**
 * Why a connection does not sync, on its own page: the last failure or the pause as a sentence (its
 * code in a tooltip), what to do, and the button or link that does it. Renders nothing when all is well.
 */
export function ConnectionProblemNote({ connectionId, accessAnchor, onRetryNow, retrying = false, ...input }: ConnectionProblemNoteProps) {
  const problem = connectionProblem(input);
  if (!problem) return null;
  const sentence = <span className="problem-sentence">{problem.sentence}</span>;
  return (
    <div className={`problem-note problem-${problem.tone}`} role={problem.tone === 'neutral' ? 'status' : 'alert'} data-testid="connection-problem">
      <p>
        {problem.code ? (
          <Tooltip content={problem.code}>
            <span tabIndex={0}>{sentence}</span>
          </Tooltip>
        ) : (
          sentence
        )}{' '}
        {problem.todo}
      </p>
      {problem.action === 'reconnect' && (
        <a className="btn btn-sm btn-primary" href={`#${accessAnchor}`}>
          Give new access
        </a>
      )}
      {problem.action === 'retry-now' && onRetryNow && (
        <button type="button" className="btn btn-sm" disabled={retrying} onClick={onRetryNow}>
          {retrying ? 'Trying…' : 'Try now'}
        </button>
      )}
      {problem.action === 'see-history' && (
        <Link className="btn btn-sm" to={{ name: 'connection', id: connectionId, tab: 'history' }}>
          Open History
        </Link>
      )}
    </div>
  );
}
