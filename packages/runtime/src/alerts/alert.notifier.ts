import type { Run } from '@sluice/engine';
import type { AlertCause, AlertSettings, Store } from '@sluice/store';
import type { RuntimeEvent } from '../runtime.port';
import type { WorkerLog } from '../worker/worker.log';
import type { AlertMessage, AlertSenders } from './alert.senders';

/** At most one message per connection and cause in this time; what happens meanwhile goes out as one digest. */
export const ALERT_WINDOW_MS = 60 * 60_000;

const CAUSE_TITLE: Record<AlertCause, string> = {
  runFailed: 'a run failed',
  needsReauth: 'needs new access',
  failures: 'records failed',
  guardTripped: 'waits for approval: the guard held a run back',
};

export interface AlertNotifierOptions {
  db: Pick<Store, 'alerts' | 'connections'>;
  senders: AlertSenders;
  log: WorkerLog;
  /** The address people open Sluice at (`SLUICE_PUBLIC_URL`), for a link to the connection. */
  publicUrl?: string;
  now?: () => number;
}

const RECOVERED: Partial<Record<AlertCause, string>> = {
  needsReauth: 'its apps accept the credentials again',
  guardTripped: 'the run the guard held back was approved, or the connection runs within its guard again',
};

/** What a worker event means for alerts: a problem occurring, one ending, or nothing. */
type Outcome = { kind: 'occur'; cause: AlertCause; sentence: string } | { kind: 'resolve'; cause: AlertCause };

function failedShare(run: Run): number {
  const read = run.counts.read.a + run.counts.read.b;
  return read === 0 ? 0 : run.counts.failed / read;
}

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** The alert outcomes of one worker event, under the workspace's settings. Pure. */
export function outcomesOf(event: RuntimeEvent, settings: Pick<AlertSettings, 'failureShare'>): Outcome[] {
  if (event.type === 'state') {
    if (event.state === 'needsReauth') {
      return [{ kind: 'occur', cause: 'needsReauth', sentence: event.error?.message ?? 'An app refused the saved credentials; connect the account again.' }];
    }
    if (event.state === 'awaitingApproval') {
      return [{ kind: 'occur', cause: 'guardTripped', sentence: `${event.error?.message ?? 'The guard held a run back before its first write.'} Review it and continue, or cancel.` }];
    }
    if (event.state.startsWith('live.') || event.state === 'initialSync') {
      return [
        { kind: 'resolve', cause: 'needsReauth' },
        { kind: 'resolve', cause: 'guardTripped' },
      ];
    }
    return [];
  }
  if (event.type !== 'run') return [];
  const { run } = event;
  if (run.status === 'failed') {
    return [{ kind: 'occur', cause: 'runFailed', sentence: run.errors[0]?.message ?? 'The run stopped with an error.' }];
  }
  if (run.status !== 'succeeded') return [];
  const share = failedShare(run);
  const failures: Outcome =
    run.counts.failed > 0 && share > settings.failureShare
      ? {
          kind: 'occur',
          cause: 'failures',
          sentence: `${run.counts.failed} of ${run.counts.read.a + run.counts.read.b} records failed in the last run (${percent(share)}, above the ${percent(settings.failureShare)} limit).`,
        }
      : { kind: 'resolve', cause: 'failures' };
  return [{ kind: 'resolve', cause: 'runFailed' }, failures];
}

/**
 * Turns the workers' events into alert messages for each workspace's people and webhook: at most one
 * per connection and cause an hour (`ALERT_WINDOW_MS`), the rest as a digest, and a "resolved"
 * message when the problem ends. A channel that fails is logged; the sync never waits on it.
 */
export class AlertNotifier {
  private readonly now: () => number;
  private pending = Promise.resolve();

  constructor(private readonly options: AlertNotifierOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Handles one worker event. Events are handled one after another, so a connection's "failed" and
   * "resolved" go out in the order they happened. Resolves once this event's messages are sent.
   */
  handle(event: RuntimeEvent): Promise<void> {
    const next = this.pending.then(() => this.process(event)).catch((e: unknown) => this.options.log.warn({ err: e }, 'alert failed'));
    this.pending = next;
    return next;
  }

  /** Sends the digests that are due: what was held back during the last hour, one message each. */
  async flushDigests(): Promise<number> {
    const due = await this.options.db.alerts.takeDueDigests(this.now());
    for (const d of due) {
      const name = await this.connectionName(d.workspaceId, d.connectionId);
      const more = d.held === 1 ? 'happened once more' : `happened ${d.held} more times`;
      await this.deliver(d.workspaceId, d.connectionId, {
        subject: `Sluice: “${name}” ${CAUSE_TITLE[d.cause]} (digest)`,
        text: `Since the last alert, this ${more} in the connection “${name}”.${d.lastSentence ? ` The last time: ${d.lastSentence}` : ''}`,
      });
    }
    return due.length;
  }

  private async process(event: RuntimeEvent): Promise<void> {
    if (event.type === 'progress') return;
    const settings = await this.options.db.alerts.getSettings(event.workspaceId);
    if (settings.emails.length === 0 && !settings.webhookUrl) return;
    const key = { workspaceId: event.workspaceId, connectionId: event.connectionId };
    for (const outcome of outcomesOf(event, settings)) {
      // A cause the workspace turned off opens nothing; one opened before still says when it ends.
      if (outcome.kind === 'occur' && !settings.causes.includes(outcome.cause)) continue;
      if (outcome.kind === 'resolve') {
        if (!(await this.options.db.alerts.resolve({ ...key, cause: outcome.cause }))) continue;
        const name = await this.connectionName(key.workspaceId, key.connectionId);
        await this.deliver(key.workspaceId, key.connectionId, {
          subject: `Sluice: “${name}” is working again`,
          text: `The connection “${name}” recovered: ${RECOVERED[outcome.cause] ?? 'its last run succeeded'}.`,
        });
        continue;
      }
      const decision = await this.options.db.alerts.occur({ ...key, cause: outcome.cause }, outcome.sentence, this.now(), ALERT_WINDOW_MS);
      if (!decision.send) continue;
      const name = await this.connectionName(key.workspaceId, key.connectionId);
      await this.deliver(key.workspaceId, key.connectionId, { subject: `Sluice: “${name}” ${CAUSE_TITLE[outcome.cause]}`, text: `${outcome.sentence}` });
    }
  }

  private async connectionName(workspaceId: string, connectionId: string): Promise<string> {
    return (await this.options.db.connections.get(workspaceId, connectionId))?.name ?? 'a deleted connection';
  }

  /** Sends one message on every channel the workspace set, with a link to the connection when the public address is known. */
  private async deliver(workspaceId: string, connectionId: string, message: AlertMessage): Promise<void> {
    const settings = await this.options.db.alerts.getSettings(workspaceId);
    const link = this.options.publicUrl ? `\n${this.options.publicUrl.replace(/\/+$/, '')}/connections/${encodeURIComponent(connectionId)}/history` : '';
    const full = { subject: message.subject, text: message.text + link };
    const sends: Promise<void>[] = [];
    if (settings.emails.length > 0 && this.options.senders.emailEnabled) sends.push(this.options.senders.email(settings.emails, full));
    if (settings.webhookUrl) sends.push(this.options.senders.webhook(settings.webhookUrl, full));
    for (const r of await Promise.allSettled(sends)) {
      if (r.status === 'rejected') this.options.log.warn({ err: r.reason, workspaceId, connectionId }, 'an alert channel failed');
    }
  }
}

/**
 * Follows a worker's events with a notifier and sends due digests every minute; returns the stop
 * function (the timer does not hold the process open).
 */
export function followWithAlerts(worker: { observe(listener: (e: RuntimeEvent) => void): () => void }, notifier: AlertNotifier, log: WorkerLog): () => void {
  const stop = worker.observe((e) => void notifier.handle(e));
  const timer = setInterval(() => void notifier.flushDigests().catch((e: unknown) => log.warn({ err: e }, 'alert digests failed')), 60_000);
  timer.unref();
  return () => {
    stop();
    clearInterval(timer);
  };
}
