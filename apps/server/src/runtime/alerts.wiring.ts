import { AlertNotifier, createAlertSenders, followWithAlerts, type SyncWorker, type WorkerLog } from '@sluice/runtime';
import type { Store } from '@sluice/store';
import type { SluiceConfig } from '../config/config.schema';

/**
 * Sends this process's workers' alerts (docs/go-live.md, "Alerts") with the operator's SMTP server
 * and sender, and the private-URL setting for webhooks. Returns the stop function (closes the mailer).
 */
export function startAlerts(worker: SyncWorker, store: Store, config: SluiceConfig, log: WorkerLog): () => Promise<void> {
  const senders = createAlertSenders({ smtpUrl: config.smtpUrl, from: config.alertFrom, allowPrivateUrls: config.allowPrivateUrls });
  const notifier = new AlertNotifier({ db: store, senders, log, ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}) });
  const stop = followWithAlerts(worker, notifier, log);
  return async () => {
    stop();
    await senders.close();
  };
}
