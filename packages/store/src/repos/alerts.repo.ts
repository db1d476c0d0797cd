import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';

/** Why a connection alerts (docs/go-live.md, "Alerts"). */
export const ALERT_CAUSES = ['runFailed', 'needsReauth', 'failures', 'guardTripped'] as const;
export type AlertCause = (typeof ALERT_CAUSES)[number];

/** Where a workspace's alerts go. No address and no URL: no alerts. */
export interface AlertSettings {
  emails: string[];
  webhookUrl?: string;
  /** A run whose failed records exceed this share of the records it read alerts (0–1). */
  failureShare: number;
  /** The causes that alert (a cause added in a later version alerts until someone turns it off). */
  causes: AlertCause[];
}

export const DEFAULT_ALERT_SETTINGS: AlertSettings = { emails: [], failureShare: 0.1, causes: [...ALERT_CAUSES] };

interface SettingsDoc extends Omit<AlertSettings, 'causes'> {
  _id: string;
  /**
   * The causes turned off. Stored rather than those on, so settings saved earlier (with none) and a
   * cause added later both alert.
   */
  muted?: string[];
  updatedAt: number;
}

interface StateDoc {
  workspaceId: string;
  connectionId: string;
  cause: AlertCause;
  /** The problem is on (an alert went out or was held back) and not yet resolved. */
  open: boolean;
  /** When the last message about it was sent (epoch ms). */
  sentAt: number;
  /** Occurrences held back since `sentAt`, with the last one's sentence. */
  held: number;
  lastSentence?: string;
  /** When the held occurrences go out as one digest (absent: nothing held). */
  digestDueAt?: number;
}

/** What the alert bookkeeping decided about one occurrence. */
export type AlertDecision = { send: true } | { send: false };

/** A digest that is due: the occurrences held back for one connection and cause. */
export interface DueDigest {
  workspaceId: string;
  connectionId: string;
  cause: AlertCause;
  held: number;
  lastSentence?: string;
}

/**
 * Alert settings per workspace (`alert_settings`) and the once-an-hour bookkeeping per connection and
 * cause (`alert_states`), shared by every worker process so a connection moving to another worker
 * does not alert twice.
 */
export class AlertsRepo {
  private readonly settings: Collection<SettingsDoc>;
  private readonly states: Collection<StateDoc>;

  constructor(db: Db) {
    this.settings = db.collection<SettingsDoc>(COLLECTIONS.alertSettings);
    this.states = db.collection<StateDoc>(COLLECTIONS.alertStates);
  }

  async getSettings(workspaceId: string): Promise<AlertSettings> {
    const doc = await this.settings.findOne({ _id: workspaceId });
    if (!doc) return { ...DEFAULT_ALERT_SETTINGS, emails: [], causes: [...ALERT_CAUSES] };
    const causes = ALERT_CAUSES.filter((c) => !doc.muted?.includes(c));
    return { emails: doc.emails, failureShare: doc.failureShare, causes, ...(doc.webhookUrl ? { webhookUrl: doc.webhookUrl } : {}) };
  }

  async setSettings(workspaceId: string, settings: AlertSettings, now: number): Promise<void> {
    const { webhookUrl, causes, ...rest } = settings;
    const muted = ALERT_CAUSES.filter((c) => !causes.includes(c));
    await this.settings.updateOne(
      { _id: workspaceId },
      { $set: { ...rest, muted, updatedAt: now, ...(webhookUrl ? { webhookUrl } : {}) }, ...(webhookUrl ? {} : { $unset: { webhookUrl: '' } }) },
      { upsert: true },
    );
  }

  /**
   * An occurrence of a problem: sent when nothing about it went out in the last `windowMs`, else
   * held back for the digest due `windowMs` after the last message. Atomic per connection and cause.
   */
  async occur(key: { workspaceId: string; connectionId: string; cause: AlertCause }, sentence: string, now: number, windowMs: number): Promise<AlertDecision> {
    // Claim the send when the window has passed (or nothing was ever sent); the unique index makes the
    // first occurrence's upsert win once.
    const claimed = await this.states
      .updateOne(
        { ...key, sentAt: { $lte: now - windowMs } },
        { $set: { open: true, sentAt: now, held: 0 }, $unset: { digestDueAt: '', lastSentence: '' } },
      )
      .then((r) => r.modifiedCount === 1);
    if (claimed) return { send: true };
    try {
      const inserted = await this.states.updateOne(
        key,
        { $setOnInsert: { ...key, open: true, sentAt: now, held: 0 } },
        { upsert: true },
      );
      if (inserted.upsertedCount === 1) return { send: true };
    } catch (e) {
      if ((e as { code?: number }).code !== 11000) throw e;
    }
    await this.states.updateOne(key, [
      {
        $set: {
          open: true,
          held: { $add: ['$held', 1] },
          lastSentence: sentence,
          digestDueAt: { $add: ['$sentAt', windowMs] },
        },
      },
    ]);
    return { send: false };
  }

  /** The problem is over: true when it was open (a "resolved" message is owed), once. */
  async resolve(key: { workspaceId: string; connectionId: string; cause: AlertCause }): Promise<boolean> {
    const r = await this.states.updateOne({ ...key, open: true }, { $set: { open: false, held: 0 }, $unset: { digestDueAt: '', lastSentence: '' } });
    return r.modifiedCount === 1;
  }

  /** Takes the digests due by `now` (each is handed out once) and starts a new window for each. */
  async takeDueDigests(now: number): Promise<DueDigest[]> {
    const out: DueDigest[] = [];
    for (;;) {
      const doc = await this.states.findOneAndUpdate(
        { digestDueAt: { $lte: now } },
        { $set: { sentAt: now, held: 0 }, $unset: { digestDueAt: '', lastSentence: '' } },
        { returnDocument: 'before' },
      );
      if (!doc) return out;
      out.push({ workspaceId: doc.workspaceId, connectionId: doc.connectionId, cause: doc.cause, held: doc.held, ...(doc.lastSentence ? { lastSentence: doc.lastSentence } : {}) });
    }
  }
}
