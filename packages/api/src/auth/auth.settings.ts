/** Who may create an account once the first one exists (docs/security.md, "Accounts and sign-up"). */
export type SignUpMode = 'open' | 'invite';

/** A number of attempts allowed in a window that starts at the first one. */
export interface AttemptWindow {
  max: number;
  windowMs: number;
}

/** Limits on attempts to sign in and sign up, counted in the database across server processes. */
export interface AuthLimits {
  /** Sign-in attempts per network address. */
  signInPerAddress: AttemptWindow;
  /** Sign-up attempts per network address. */
  signUpPerAddress: AttemptWindow;
  /** Failed sign-ins in a row (within `lockMs` of the first) before the account is locked. */
  failuresBeforeLock: number;
  /** How long the account stays locked after the last allowed failure. */
  lockMs: number;
}

/** What the operator decides about accounts, passed down from the server's configuration. */
export interface AuthSettings {
  signUp: SignUpMode;
  limits: AuthLimits;
}

const MINUTE = 60_000;

export const defaultAuthLimits: AuthLimits = {
  signInPerAddress: { max: 30, windowMs: 15 * MINUTE },
  signUpPerAddress: { max: 10, windowMs: 60 * MINUTE },
  failuresBeforeLock: 5,
  lockMs: 15 * MINUTE,
};

/** Invitation-only sign-up after the first account, and the limits above: what a fresh install gets. */
export const defaultAuthSettings: AuthSettings = { signUp: 'invite', limits: defaultAuthLimits };
