import type { AuditActor, AuditEntry, AuditTarget, VersionAuthor } from '@sluice/store';
import type { ApiContext, ApiUser } from '../context';

type AuthedCtx = Pick<ApiContext, 'db' | 'now'> & { user: ApiUser };

/** The signed-in person as the audit log and versions name them (as they are called today). */
export function actorOf(user: Pick<ApiUser, 'id' | 'email' | 'name'>): AuditActor {
  return { type: 'user', id: user.id, email: user.email, name: user.name };
}

/** Who saves a connection change, for its version. */
export function authorOf(ctx: AuthedCtx, extra: Omit<VersionAuthor, 'by'> = {}): VersionAuthor {
  return { by: actorOf(ctx.user), ...extra };
}

/** What one audited action says about itself (the actor and time come from the context). */
export interface AuditNote {
  action: string;
  target: AuditTarget;
  /** One sentence, starting with a verb: "Paused the connection “CRM ⇄ Outreach”." */
  summary: string;
  details?: Record<string, unknown>;
}

/**
 * Appends an entry to the workspace's audit log for what the signed-in person just did. Called after
 * the change succeeded, so the log holds what happened, not what was tried.
 * @example await audit(ctx, { action: 'connection.paused', target: { type: 'connection', id, name }, summary: `Paused the connection “${name}”.` })
 */
export function audit(ctx: AuthedCtx, note: AuditNote): Promise<AuditEntry> {
  return ctx.db.audit.append(ctx.user.workspaceId, { actor: actorOf(ctx.user), ...note }, ctx.now());
}

/** A connection as an audit target. */
export const connectionTarget = (record: { id: string; name: string }): AuditTarget => ({ type: 'connection', id: record.id, name: record.name });
