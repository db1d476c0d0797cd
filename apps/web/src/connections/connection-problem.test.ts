import { describe, expect, it } from 'vitest';
import { connectionProblem } from './connection-problem';

const refused = { code: 'E_AUTH_REJECTED', message: "HubSpot rejected Sluice's credentials (HTTP 401)." };
const failedRun = { status: 'failed', errors: [{ code: 'E_APP_UNAVAILABLE', message: 'Pipedrive answered 503 to GET /persons' }] };

describe('connectionProblem', () => {
  it('says nothing for a connection that syncs, nor for a state it does not know', () => {
    expect(connectionProblem({ state: 'live.idle', stateError: null, lastRun: { status: 'succeeded', errors: [] } })).toBeNull();
    expect(connectionProblem({ state: 'somethingNew', stateError: null, lastRun: null })).toBeNull();
  });

  it('puts the app’s own sentence after what stopped, with the action to take', () => {
    expect(connectionProblem({ state: 'needsReauth', stateError: refused, lastRun: null })).toEqual({
      tone: 'danger',
      action: 'reconnect',
      code: 'E_AUTH_REJECTED',
      sentence: "Syncing stopped: an app refused Sluice's access. HubSpot rejected Sluice's credentials (HTTP 401).",
      todo: 'Give Sluice new access under Access below; syncing resumes by itself.',
    });
    expect(connectionProblem({ state: 'invalid', stateError: { code: 'E_CONFIG', message: 'CSV file needs "path"' }, lastRun: null })).toMatchObject({
      action: 'fix-settings',
      sentence: 'Syncing stopped: the connection\'s settings cannot run. CSV file needs "path".',
    });
    expect(connectionProblem({ state: 'live.backoff', stateError: { code: 'E_NETWORK', message: 'Could not reach Woodpecker (network)' }, lastRun: null })).toMatchObject({
      tone: 'warning',
      action: 'retry-now',
      sentence: 'The last attempt failed. Could not reach Woodpecker (network).',
    });
  });

  it('words a pause, with the failure before it, and a failed last run of a running connection', () => {
    expect(connectionProblem({ state: 'paused', stateError: null, lastRun: null })?.sentence).toBe('Paused: no changes sync until you resume.');
    expect(connectionProblem({ state: 'paused', stateError: null, lastRun: failedRun })).toMatchObject({
      action: 'resume',
      code: 'E_APP_UNAVAILABLE',
      sentence: 'Paused: no changes sync until you resume. The last run before the pause failed: Pipedrive answered 503 to GET /persons.',
    });
    expect(connectionProblem({ state: 'live.idle', stateError: null, lastRun: failedRun })).toMatchObject({ action: 'see-history', sentence: 'The last run failed: Pipedrive answered 503 to GET /persons.' });
  });
});
