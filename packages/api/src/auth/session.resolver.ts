import type { Store } from '@sluice/store';
import type { ApiUser } from '../context';

/** How long a session lasts without use (sliding: each use within the last day extends it). */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
const EXTEND_WHEN_LEFT_MS = 13 * 24 * 60 * 60 * 1000;

/** Resolved sessions, kept briefly so a burst of API calls costs one lookup (sign-out forgets at once). */
const recent = new Map<string, { user: ApiUser; until: number }>();
const RECENT_MS = 10_000;

/** Forgets what this process remembers of a session (sign-out, workspace switch). */
export function forgetSession(token: string): void {
  recent.delete(token);
}

/** Forgets every remembered session of one user (removed from a workspace: no access even for 10 s here). */
export function forgetUser(userId: string): void {
  for (const [token, hit] of recent) if (hit.user.id === userId) recent.delete(token);
}

/**
 * The user behind a session token, in the workspace the session works in (their first one when
 * none was picked); null when the token is unknown, expired, or the membership is gone.
 */
export async function userForSession(db: Store, token: string, now = Date.now()): Promise<ApiUser | null> {
  const hit = recent.get(token);
  if (hit && hit.until > now) return hit.user;
  recent.delete(token);
  const user = await lookUp(db, token, now);
  if (user) {
    if (recent.size > 10_000) recent.clear();
    recent.set(token, { user, until: now + RECENT_MS });
  }
  return user;
}

async function lookUp(db: Store, token: string, now: number): Promise<ApiUser | null> {
  const session = await db.sessions.find(token, now);
  if (!session) return null;
  const user = await db.users.get(session.userId);
  if (!user) return null;
  let member = session.workspaceId ? await db.members.get(session.workspaceId, user.id) : null;
  if (!member) {
    [member = null] = await db.members.workspacesOf(user.id);
    if (!member) return null;
  }
  if (session.expiresAt - now < EXTEND_WHEN_LEFT_MS) await db.sessions.extend(token, SESSION_TTL_MS, now);
  return { id: user.id, email: user.email, name: user.name, workspaceId: member.workspaceId, role: member.role };
}
