import { checkPublicUrl, sharedAddressPins } from '@sluice/connectors';
import { OperationalError } from '@sluice/core';
import type { Transporter } from 'nodemailer';

/** One alert as both channels carry it: a subject line and a few lines of text. */
export interface AlertMessage {
  subject: string;
  text: string;
}

/** Where alert messages leave Sluice: an email to people, a JSON POST to a chat webhook. */
export interface AlertSenders {
  /** False when no SMTP server is configured (`SLUICE_SMTP_URL`): email alerts are off. */
  readonly emailEnabled: boolean;
  email(to: string[], message: AlertMessage): Promise<void>;
  webhook(url: string, message: AlertMessage): Promise<void>;
  close(): Promise<void>;
}

export interface AlertSenderSettings {
  /** `smtp://user:pass@host:587` or `smtps://…`; none: no email. */
  smtpUrl?: string;
  /** The sender address of alert emails. */
  from: string;
  /** Lets webhook URLs reach private addresses (`SLUICE_ALLOW_PRIVATE_URLS`). */
  allowPrivateUrls: boolean;
}

const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * The real channels: SMTP through nodemailer, and a Slack-compatible webhook (`{"text": …}`) behind the
 * SSRF guard, whose checked addresses are the only ones the request may connect to.
 */
export function createAlertSenders(settings: AlertSenderSettings): AlertSenders {
  const smtpUrl = settings.smtpUrl || undefined;
  // nodemailer is loaded with the first email, not when the server starts.
  let mail: Promise<Transporter> | undefined;
  const transport = (url: string) => (mail ??= import('nodemailer').then(({ createTransport }) => createTransport(url)));
  return {
    emailEnabled: smtpUrl !== undefined,
    async email(to, message) {
      if (smtpUrl === undefined || to.length === 0) return;
      await (await transport(smtpUrl)).sendMail({ from: settings.from, to, subject: message.subject, text: message.text });
    },
    async webhook(url, message) {
      const target = new URL(url);
      let send: typeof fetch = fetch;
      if (!settings.allowPrivateUrls) {
        await sharedAddressPins.check(target);
        send = sharedAddressPins.fetch;
      } else await checkPublicUrl(target, { allowPrivate: true });
      const res = await send(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `*${message.subject}*\n${message.text}` }),
        // A redirect would lead past the guard's check: refuse it rather than follow it unchecked.
        redirect: 'manual',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) throw new OperationalError('E_WEBHOOK_REJECTED', `The alert webhook answered HTTP ${res.status}.`);
    },
    async close() {
      (await mail)?.close();
    },
  };
}
