import { describe, expect, it } from 'vitest';
import { causeText, formOf, parseForm, splitEmails } from './alerts.model';

const form = { emails: '', webhookUrl: '', causes: ['runFailed'], failurePercent: '10' };

describe('alert settings form', () => {
  it('reads addresses separated by commas, semicolons, spaces or lines', () => {
    expect(splitEmails(' ops@example.com,lead@example.com;\nboss@example.com  ')).toEqual(['ops@example.com', 'lead@example.com', 'boss@example.com']);
    expect(splitEmails('  ')).toEqual([]);
  });

  it('turns a valid form into the settings the API takes', () => {
    expect(parseForm({ ...form, emails: 'ops@example.com', webhookUrl: ' https://hooks.slack.com/services/T/B/X ', failurePercent: '12,5' })).toEqual({
      ok: true,
      value: { emails: ['ops@example.com'], webhookUrl: 'https://hooks.slack.com/services/T/B/X', causes: ['runFailed'], failureShare: 0.125 },
    });
  });

  it('says what is wrong with each field in a sentence', () => {
    expect(parseForm({ ...form, emails: 'ops@example.com, nobody', webhookUrl: 'ftp://x.example.com', failurePercent: '150' })).toEqual({
      ok: false,
      errors: {
        emails: '“nobody” is not an email address.',
        webhookUrl: 'The webhook URL must start with https:// (or http://).',
        failurePercent: 'Give a share between 0 and 100 percent.',
      },
    });
  });

  it('fills the form from saved settings, and names each cause', () => {
    expect(formOf({ emails: ['a@example.com', 'b@example.com'], webhookUrl: '', causes: ['failures'], failureShare: 0.125 })).toEqual({ emails: 'a@example.com, b@example.com', webhookUrl: '', causes: ['failures'], failurePercent: '12.5' });
    expect(causeText('needsReauth').label).toBe('A connection needs new access');
    expect(causeText('somethingNew')).toEqual({ label: 'somethingNew', help: '' });
  });
});
