/** The alert settings form as a person edits it: text fields as typed. */
export interface AlertForm {
  emails: string;
  webhookUrl: string;
  causes: string[];
  /** The failure share in percent, as typed. */
  failurePercent: string;
}

/** What each cause means, in words (a cause this page does not know yet shows its code). */
const causeWords: Record<string, { label: string; help: string }> = {
  runFailed: { label: 'A run failed', help: 'A sync run stopped with an error, for example an app that did not answer.' },
  needsReauth: { label: 'A connection needs new access', help: 'An app refused the saved key or sign-in; someone has to connect the account again.' },
  failures: { label: 'Too many records failed', help: 'A run finished, but more than the share below of the records it read could not be synced.' },
  guardTripped: { label: 'A run waits for approval', help: 'A run would change more records than the connection’s limits allow, and waits for someone to review it.' },
};

/** A cause's label and what it means. Pure. */
export function causeText(cause: string): { label: string; help: string } {
  return causeWords[cause] ?? { label: cause, help: '' };
}

/** The form from the saved settings. Pure. */
export function formOf(saved: { emails: string[]; webhookUrl: string; causes: string[]; failureShare: number }): AlertForm {
  return { emails: saved.emails.join(', '), webhookUrl: saved.webhookUrl, causes: saved.causes, failurePercent: String(Math.round(saved.failureShare * 1000) / 10) };
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/** The email field split into addresses (commas, semicolons, spaces or new lines between them). Pure. */
export function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean);
}

/**
 * The form as the API takes it, or what is wrong with it, field by field, in sentences. Pure.
 * @example parseForm({ emails: 'ops@example.com', webhookUrl: '', causes: ['runFailed'], failurePercent: '10' }) // { ok: true, value: { emails: ['ops@example.com'], webhookUrl: '', causes: ['runFailed'], failureShare: 0.1 } }
 */
export function parseForm(form: AlertForm): { ok: true; value: { emails: string[]; webhookUrl: string; causes: string[]; failureShare: number } } | { ok: false; errors: Partial<Record<'emails' | 'webhookUrl' | 'failurePercent', string>> } {
  const errors: Partial<Record<'emails' | 'webhookUrl' | 'failurePercent', string>> = {};
  const emails = splitEmails(form.emails);
  const bad = emails.filter((e) => !EMAIL.test(e));
  if (bad.length > 0) errors.emails = `${bad.map((e) => `“${e}”`).join(', ')} ${bad.length === 1 ? 'is not an email address' : 'are not email addresses'}.`;
  else if (emails.length > 20) errors.emails = `At most 20 addresses; there are ${emails.length}.`;
  const url = form.webhookUrl.trim();
  if (url !== '' && !(URL.canParse(url) && /^https?:$/.test(new URL(url).protocol))) errors.webhookUrl = 'The webhook URL must start with https:// (or http://).';
  const percent = Number(form.failurePercent.replace(',', '.'));
  if (form.failurePercent.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > 100) errors.failurePercent = 'Give a share between 0 and 100 percent.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { emails, webhookUrl: url, causes: form.causes, failureShare: percent / 100 } };
}
