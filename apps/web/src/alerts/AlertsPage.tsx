import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { TextField } from '../ui/TextField';
import { useToast } from '../ui/Toast';
import { causeText, formOf, parseForm, splitEmails, type AlertForm } from './alerts.model';
import '../settings/settings.css';
import './alerts.css';

function useAlertSettings() {
  const trpc = useTRPC();
  return useQuery(trpc.alerts.get.queryOptions());
}

type Saved = NonNullable<ReturnType<typeof useAlertSettings>['data']>;

function TestResult({ outcomes }: { outcomes: { channel: string; ok: boolean; message: string }[] }) {
  if (outcomes.length === 0) return <p className="hint">Add an email address or a webhook URL first: there is nowhere to send the test.</p>;
  return (
    <ul className="alert-test-result" aria-label="Test alert result">
      {outcomes.map((o) => (
        <li key={o.channel} className={o.ok ? 'alert-test-ok' : 'alert-test-failed'}>
          <span aria-hidden="true">{o.ok ? '✓' : '⚠'}</span> <strong>{o.channel === 'email' ? 'Email' : 'Webhook'}:</strong> {o.message}
        </li>
      ))}
    </ul>
  );
}

function AlertSettingsForm({ saved }: { saved: Saved }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [form, setForm] = useState<AlertForm>(() => formOf(saved));
  const [errors, setErrors] = useState<Partial<Record<'emails' | 'webhookUrl' | 'failurePercent', string>>>({});
  const update = useMutation(
    trpc.alerts.update.mutationOptions({
      onSuccess: () => {
        toast({ title: 'Alert settings saved', tone: 'success' });
        void queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
      },
    }),
  );
  const test = useMutation(trpc.alerts.test.mutationOptions());
  const set = (patch: Partial<AlertForm>) => setForm((f) => ({ ...f, ...patch }));
  const parsed = () => {
    const result = parseForm(form);
    setErrors(result.ok ? {} : result.errors);
    return result.ok ? result.value : null;
  };
  const save = () => {
    const value = parsed();
    // The causes the API knows, in its order: only those the form has ticked.
    if (value) update.mutate({ ...value, causes: saved.allCauses.filter((c) => value.causes.includes(c)) });
  };
  const sendTest = () => {
    const value = parsed();
    if (value) test.mutate({ emails: value.emails, webhookUrl: value.webhookUrl });
  };
  const toggle = (cause: string, on: boolean) => set({ causes: on ? [...form.causes, cause] : form.causes.filter((c) => c !== cause) });
  const addresses = splitEmails(form.emails).length;

  return (
    <form
      className="settings-stack alerts-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <fieldset className="settings-group">
        <legend>Email</legend>
        {!saved.emailEnabled && (
          <p className="alerts-notice" role="note">
            Email alerts need an SMTP server, which the operator of this Sluice sets up (<code>SLUICE_SMTP_URL</code>). It is not set, so the addresses below get nothing until it is; the
            webhook works without it.
          </p>
        )}
        <TextField
          label="Email addresses"
          value={form.emails}
          onChange={(emails) => set({ emails })}
          error={errors.emails}
          hint={`Up to 20, separated by commas.${addresses > 0 ? ` ${addresses} address${addresses === 1 ? '' : 'es'}.` : ''}`}
          placeholder="ops@example.com, lead@example.com"
          autoComplete="off"
        />
      </fieldset>
      <fieldset className="settings-group">
        <legend>Webhook</legend>
        <TextField
          label="Webhook URL"
          value={form.webhookUrl}
          onChange={(webhookUrl) => set({ webhookUrl })}
          error={errors.webhookUrl}
          hint='A Slack-compatible incoming webhook: Sluice posts {"text": "…"} to it. Addresses on a private network are refused unless the operator allows them. Leave empty for none.'
          placeholder="https://hooks.slack.com/services/…"
          inputMode="url"
          autoComplete="off"
        />
      </fieldset>
      <fieldset className="settings-group">
        <legend>Alert when</legend>
        <div className="choice-list">
          {saved.allCauses.map((cause) => {
            const text = causeText(cause);
            return (
              <label key={cause} className="choice">
                <input type="checkbox" checked={form.causes.includes(cause)} onChange={(e) => toggle(cause, e.target.checked)} />
                <span>
                  {text.label}
                  {text.help && <span className="hint">{text.help}</span>}
                </span>
              </label>
            );
          })}
        </div>
        <TextField
          label="Share of failed records that alerts (%)"
          value={form.failurePercent}
          onChange={(failurePercent) => set({ failurePercent })}
          error={errors.failurePercent}
          hint="A run alerts when more than this share of the records it read failed."
          inputMode="decimal"
          className="input alerts-percent"
        />
        <p className="hint">At most one message per connection and cause an hour (what happens meanwhile follows as one digest), and one more when it works again.</p>
      </fieldset>
      {update.isError && (
        <p className="error-text" role="alert">
          {errorMessage(update.error)}
        </p>
      )}
      <div className="settings-actions">
        <button type="button" className="btn" disabled={test.isPending} onClick={sendTest}>
          {test.isPending ? 'Sending…' : 'Send test alert'}
        </button>
        <button type="submit" className="btn btn-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save'}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {test.isError && <p className="error-text">{errorMessage(test.error)}</p>}
        {test.isSuccess && <TestResult outcomes={test.data.outcomes} />}
      </div>
    </form>
  );
}

/** Where a workspace's alerts go (email, a webhook), for which causes, and a test message to check them. Admins and the owner. */
export default function AlertsPage() {
  const settings = useAlertSettings();
  return (
    <div className="page alerts-page">
      <header className="page-header">
        <div>
          <h1>Alerts</h1>
          <p>Who hears about it when a connection fails, needs new access, or fails on too many records.</p>
        </div>
      </header>
      {settings.isPending ? (
        <LoadingState label="Loading the alert settings…" minHeight="40vh" />
      ) : settings.isError ? (
        <ErrorState title="Could not load the alert settings" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <AlertSettingsForm saved={settings.data} />
      )}
    </div>
  );
}
