/** What a connection's page needs to say why it does not sync. */
export interface ProblemInput {
  /** The machine's state (`needsReauth`, `live.backoff`, …). */
  state: string;
  /** The machine's last error, where the state has one. */
  stateError: { code: string; message: string } | null;
  lastRun: { status: string; errors: readonly { code: string; message: string }[] } | null;
}

/** What to do about a problem: the page turns each into a button or link. */
export type ProblemAction = 'reconnect' | 'fix-settings' | 'retry-now' | 'resume' | 'see-history';

/** Why a connection is not syncing, as a sentence, the code behind it (for a tooltip), and what to do. */
export interface ConnectionProblem {
  tone: 'danger' | 'warning' | 'neutral';
  /** What happened, in words. */
  sentence: string;
  /** What the person can do about it, in words. */
  todo: string;
  action: ProblemAction;
  code?: string;
}

const BACKOFF = new Set(['authBackoff', 'initialBackoff', 'live.backoff']);

/** The error's sentence ending with a full stop, so the next sentence can follow. */
const said = (message: string) => (/[.!?…]$/.test(message.trim()) ? message.trim() : `${message.trim()}.`);

/**
 * Why the connection does not sync right now, or null when nothing is wrong (or the state is one this
 * page does not know). The last failure comes first: access refused, settings that cannot run, a
 * retry after a failed attempt, a failed last run; then a pause. Pure.
 * @example connectionProblem({ state: 'needsReauth', stateError: { code: 'E_AUTH_REJECTED', message: 'HubSpot rejected…' }, lastRun: null })?.action // 'reconnect'
 */
export function connectionProblem({ state, stateError, lastRun }: ProblemInput): ConnectionProblem | null {
  const code = stateError?.code;
  const because = stateError ? ` ${said(stateError.message)}` : '';
  if (state === 'needsReauth') {
    return { tone: 'danger', action: 'reconnect', code, sentence: `Syncing stopped: an app refused Sluice's access.${because}`, todo: 'Give Sluice new access under Access below; syncing resumes by itself.' };
  }
  if (state === 'invalid') {
    return {
      tone: 'danger',
      action: 'fix-settings',
      code,
      sentence: `Syncing stopped: the connection's settings cannot run.${because}`,
      todo: 'Fix them in the Rules, Mappings or Conflicts tab and save: Sluice checks them again and resumes.',
    };
  }
  if (BACKOFF.has(state)) {
    return { tone: 'warning', action: 'retry-now', code, sentence: `The last attempt failed.${because}`, todo: 'Sluice tries again by itself in a moment, or you can try now.' };
  }
  if (state === 'failed') {
    return { tone: 'danger', action: 'retry-now', code, sentence: `Syncing stopped after an error.${because}`, todo: 'Try again once the cause is fixed.' };
  }
  const runError = lastRun?.status === 'failed' ? lastRun.errors[0] : undefined;
  if (state === 'paused') {
    const last = runError ? ` The last run before the pause failed: ${said(runError.message)}` : '';
    return { tone: 'neutral', action: 'resume', code: runError?.code, sentence: `Paused: no changes sync until you resume.${last}`, todo: 'Resume syncing to carry on; what changed meanwhile syncs then.' };
  }
  if (runError) {
    return { tone: 'danger', action: 'see-history', code: runError.code, sentence: `The last run failed: ${said(runError.message)}`, todo: 'Sluice tries again at the next sync; History shows the run and the records it concerns.' };
  }
  return null;
}
