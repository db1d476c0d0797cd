import type { SandboxEditor } from '@sluice/connectors';
import type { MemberRole, Store } from '@sluice/store';
import { defaultApiSettings, type ApiSettings } from './api.settings';
import { defaultAuthSettings, type AuthSettings } from './auth/auth.settings';
import type { ConnectorDirectory } from '@sluice/runtime';
import { type RequestWork, unlimitedWork } from './request-work';
import type { SyncRuntime } from '@sluice/runtime';

/** The signed-in user as every procedure sees it: one workspace at a time. */
export interface ApiUser {
  id: string;
  email: string;
  name: string;
  workspaceId: string;
  role: MemberRole;
}

/** How a procedure sets or clears the session cookie without knowing about HTTP. */
export interface SessionCookie {
  /** The raw session token of this request (sign-out revokes it). */
  token: string | null;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface ApiContext {
  db: Store;
  engine: SyncRuntime;
  connectors: ConnectorDirectory;
  /** Editing the sandbox apps' records (null when the server offers no sandbox apps). */
  sandbox: SandboxEditor | null;
  user: ApiUser | null;
  session: SessionCookie;
  /** The app's own origin (`http://127.0.0.1:3000`), for links in invitations. */
  origin?: string;
  /** The operator's settings the procedures need (password cost, OAuth clients). */
  settings: ApiSettings;
  /** The client's network address (sign-in limits); null for in-process callers. */
  clientAddress: string | null;
  /** Sign-up mode and attempt limits, as the operator set them. */
  auth: AuthSettings;
  /** What this request may still make the server do (shared by the calls of a batch). */
  work: RequestWork;
  /** The time (epoch ms) audit entries and versions are stamped with; tests pass their own clock. */
  now: () => number;
}

/** A cookie jar for callers with no HTTP (tests, scripts): remembers what was set. */
export function memorySessionCookie(token: string | null = null): SessionCookie & { expiresAt: Date | null } {
  const jar = {
    token,
    expiresAt: null as Date | null,
    set(next: string, expiresAt: Date) {
      jar.token = next;
      jar.expiresAt = expiresAt;
    },
    clear() {
      jar.token = null;
      jar.expiresAt = null;
    },
  };
  return jar;
}

/**
 * The request-free half of the context (STYLE.md): everything a procedure needs, so routers run
 * under `createCaller` with no HTTP. The Fastify `createContext` resolves the session and calls this.
 */
export function createContextInner(options: {
  db: Store;
  engine: SyncRuntime;
  connectors: ConnectorDirectory;
  sandbox?: SandboxEditor | null;
  user?: ApiUser | null;
  session?: SessionCookie;
  origin?: string;
  settings?: ApiSettings;
  clientAddress?: string | null;
  /** Default: invitation-only sign-up and the default limits. */
  auth?: AuthSettings;
  /** One per HTTP request; without it, nothing is capped (no HTTP, no batch). */
  work?: RequestWork;
  /** Default: the wall clock. */
  now?: () => number;
}): ApiContext {
  return {
    db: options.db,
    engine: options.engine,
    connectors: options.connectors,
    sandbox: options.sandbox ?? null,
    user: options.user ?? null,
    session: options.session ?? memorySessionCookie(),
    origin: options.origin,
    settings: options.settings ?? defaultApiSettings,
    clientAddress: options.clientAddress ?? null,
    auth: options.auth ?? defaultAuthSettings,
    work: options.work ?? unlimitedWork(),
    now: options.now ?? Date.now,
  };
}
