/**
 * What a connection machine's state (as the API reports it, e.g. `live.idle`) means to a user, and
 * the badge tone it gets. Unknown states are shown as they come, so a newer server never shows a blank.
 */
export interface StateLabel {
  text: string;
  tone: 'success' | 'danger' | 'warning' | 'neutral';
}

const LABELS: Record<string, StateLabel> = {
  draft: { text: 'Not started', tone: 'neutral' },
  authorizing: { text: 'Checking access…', tone: 'neutral' },
  authBackoff: { text: 'Retrying access check', tone: 'warning' },
  ready: { text: 'Ready to sync', tone: 'neutral' },
  validating: { text: 'Checking settings…', tone: 'neutral' },
  invalid: { text: 'Settings need attention', tone: 'danger' },
  initialSync: { text: 'First sync running', tone: 'success' },
  initialBackoff: { text: 'First sync waiting to retry', tone: 'warning' },
  'live.idle': { text: 'In sync', tone: 'success' },
  'live.syncing': { text: 'Syncing…', tone: 'success' },
  'live.backoff': { text: 'Waiting to retry', tone: 'warning' },
  paused: { text: 'Paused', tone: 'neutral' },
  needsReauth: { text: 'Needs new access', tone: 'danger' },
  failed: { text: 'Failed', tone: 'danger' },
};

/** Pure. @example stateLabel('live.idle') // { text: 'In sync', tone: 'success' } */
export function stateLabel(state: string): StateLabel {
  return LABELS[state] ?? { text: state, tone: 'neutral' };
}
