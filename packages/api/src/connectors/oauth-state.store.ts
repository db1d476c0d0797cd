import { createHash, randomBytes } from 'node:crypto';

/** Where a finished consent sends the browser back to. */
export type OAuthReturn = { kind: 'wizard'; side: 'a' | 'b' } | { kind: 'connection'; id: string };

/** What Sluice remembers between sending the browser to the vendor and the vendor sending it back. */
export interface OAuthPending {
  app: string;
  userId: string;
  workspaceId: string;
  /** The session that started the flow (kept in this process's memory only, never stored). */
  sessionToken: string;
  /** SHA-256 of the browser-binding cookie set by the start request. */
  bindingHash: string;
  label: string;
  /** Set when re-authorising an existing credential instead of adding one. */
  credentialId?: string;
  returnTo: OAuthReturn;
  /** The exact redirect_uri of the authorize request; the token request must repeat it. */
  redirectUri: string;
  /** PKCE verifier (RFC 7636), when the vendor supports it. */
  codeVerifier?: string;
}

export type TakenState = { pending: OAuthPending; expired: boolean } | null;

/** A URL-safe random secret of `bytes` bytes. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a token, base64url. Pure. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * One-time OAuth `state` values with a short life, in this process's memory: a state is issued once,
 * taken once (a second take finds nothing), and answers "expired" after its TTL. Keys are hashes of
 * the state, so the map never holds a value that would pass the callback. Expired entries are kept a
 * while longer so the user is told "expired" rather than "unknown", then swept.
 * One process only: with several servers behind a load balancer, route /oauth/* to one of them.
 */
export class OAuthStateStore {
  private readonly entries = new Map<string, { pending: OAuthPending; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly max: number;

  constructor(options: { ttlMs?: number; now?: () => number; max?: number } = {}) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
    this.max = options.max ?? 10_000;
  }

  /** Remembers `pending` and returns the state value to send to the vendor. */
  issue(pending: OAuthPending): string {
    this.sweep();
    // A flood of starts must not grow memory without bound: the oldest pending consents go first.
    while (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    const state = randomToken();
    this.entries.set(tokenHash(state), { pending, expiresAt: this.now() + this.ttlMs });
    return state;
  }

  /** The pending consent of `state`, removed so it cannot be used twice; null when unknown or used. */
  take(state: string): TakenState {
    const key = tokenHash(state);
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    return { pending: entry.pending, expired: entry.expiresAt <= this.now() };
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const cutoff = this.now() - 60 * 60_000;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= cutoff) this.entries.delete(key);
  }
}
