import { describe, expect, it } from 'vitest';
import { stateLabel } from './connection-state.label';

describe('stateLabel', () => {
  it('words the machine states for people', () => {
    expect(stateLabel('live.idle')).toEqual({ text: 'In sync', tone: 'success' });
    expect(stateLabel('needsReauth').tone).toBe('danger');
    expect(stateLabel('live.backoff').text).toBe('Waiting to retry');
  });

  it('shows an unknown state as it comes', () => {
    expect(stateLabel('somethingNew')).toEqual({ text: 'somethingNew', tone: 'neutral' });
  });
});
