/**
 * Who is at fault, which decides what happens next: `user` (bad input from a person or an app's
 * answer: said in a sentence, never retried) or `operational` (a passing fault of the world: network,
 * rate limit, database; retried with backoff).
 */
export type ErrorKind = 'user' | 'operational';

/** How the API answers an error: tRPC's code names, each with one HTTP status (`httpStatusOf`). */
export type ApiStatus = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'PRECONDITION_FAILED' | 'TOO_MANY_REQUESTS' | 'SERVICE_UNAVAILABLE';

/** The HTTP status of each API status, as tRPC sends it. */
export const httpStatusOf: Readonly<Record<ApiStatus, number>> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** One stable code: its kind, how the API answers it, and what it means in one sentence for a person. */
export interface ErrorCodeInfo {
  readonly kind: ErrorKind;
  readonly status: ApiStatus;
  /** The general meaning, for places without the thrower's own message (tooltips, docs, logs). */
  readonly sentence: string;
}

const user = (sentence: string, status: ApiStatus = 'BAD_REQUEST') => ({ kind: 'user' as const, status, sentence });
const operational = (sentence: string, status: ApiStatus = 'SERVICE_UNAVAILABLE') => ({ kind: 'operational' as const, status, sentence });

/**
 * THE registry of Sluice's error codes. `UserError` and `OperationalError` take only these codes, so
 * a new code is added here first, with its sentence; the API reads its status from here.
 */
export const errorCodes = {
  // Accounts, sessions and workspaces
  E_UNAUTHENTICATED: user('Sign in to continue.', 'UNAUTHORIZED'),
  E_BAD_CREDENTIALS: user('The email address or the password is not right.', 'UNAUTHORIZED'),
  E_WRONG_PASSWORD: user('The current password is not right.'),
  E_WEAK_PASSWORD: user('Choose a longer, less common password.'),
  E_EMAIL_TAKEN: user('An account with this email address already exists.', 'CONFLICT'),
  E_SIGNUP_REFUSED: user('No account could be created with this email address.'),
  E_ALREADY_SET_UP: user('This Sluice already has its first account.', 'CONFLICT'),
  E_INVITE_REQUIRED: user('Accounts on this Sluice are by invitation.', 'FORBIDDEN'),
  E_INVITE_INVALID: user('This invitation link is unknown, used or expired.'),
  E_INVITE_EMAIL: user('This invitation is for another email address.'),
  E_INVITE_SIGN_IN: user('This email address already has an account: sign in, then open the invitation again.'),
  E_TOO_MANY_ATTEMPTS: user('Too many attempts; wait a few minutes and try again.', 'TOO_MANY_REQUESTS'),
  E_FORBIDDEN: user('Your role in this workspace does not allow this.', 'FORBIDDEN'),
  E_NOT_FOUND: user('This no longer exists, or it is not in your workspace.', 'NOT_FOUND'),
  E_CONFLICT: user('This conflicts with what is already there.', 'CONFLICT'),
  E_PRECONDITION: user('This cannot be done in the current state; reload and try again.', 'PRECONDITION_FAILED'),
  E_VERSION_CONFLICT: user('Someone else changed this meanwhile; reload it and apply your change again.'),
  // Requests to the API
  E_INVALID_INPUT: user('Some of the input is not valid.'),
  E_REQUEST_TOO_BIG: user('This request asks the apps for more than one request may; send it in parts.'),
  E_ANSWER_TOO_BIG: user('The answer would be larger than one request may return; ask for less.'),
  // Apps, credentials and their settings
  E_UNKNOWN_APP: user('There is no such app.'),
  E_NO_CREDENTIAL: user('This app needs an account: add one under Credentials and pick it.'),
  E_CREDENTIAL_APP: user('This credential is for another app.'),
  E_CREDENTIAL_ENDPOINT: user('This connection would send a credential to another address than the one it was added for.'),
  E_SECRET_FIELD: user('The app address goes next to the key, not inside the secret.'),
  E_AUTH_REJECTED: user('The app rejected the credential; reconnect it.'),
  E_APP_REJECTED: user('The app refused the request.'),
  E_BAD_RESPONSE_SHAPE: user('The app answered with data Sluice does not understand.'),
  E_BAD_CURSOR: user('The saved sync position is unreadable; start a full sync.'),
  E_URL_NOT_ALLOWED: user('This address is not allowed: use a public https address.'),
  E_OAUTH_NOT_CONFIGURED: user('Connecting this app needs settings the operator has not made.'),
  E_OAUTH_TOKEN: user('The app refused to hand out tokens for this consent.'),
  E_TOKEN_REDIRECT: user("The app's token endpoint redirected elsewhere, which Sluice does not follow."),
  E_CONFIG: user('A setting of this app is not valid here.'),
  E_CONNECTION_CONFIG: user('The connection settings are not valid.'),
  E_MAPPING: user('The field mapping has pairs that cannot be synced.'),
  E_BUSY: user('Another worker is syncing this connection right now; try again in a minute.'),
  E_STOPPED: user('The run was stopped: the connection was paused, changed, or its worker shut down.'),
  E_GUARD_TRIPPED: user('This run would change more records than the connection’s guard allows; review it, then continue or cancel.', 'PRECONDITION_FAILED'),
  // Records written to apps
  E_UNKNOWN_FIELD: user('The app has no such field.'),
  E_FIELD_READ_ONLY: user('This field cannot be written.'),
  E_INVALID_VALUE: user('This field does not take this kind of value.'),
  E_BATCH_TOO_LARGE: user('Too many records in one batch for this app.'),
  E_IDEMPOTENCY_KEY_REUSED: user('This batch key was already used for another batch.'),
  // Files
  E_FILE_APPS_DISABLED: user('File apps are not available on this server.'),
  E_PATH_OUTSIDE: user("Give file paths relative to the workspace's files folder."),
  E_PATH_INVALID: user('This file path cannot be a file name.'),
  E_FILE_NOT_MOVED: user("This file is still in the shared folder from before each workspace got its own."),
  E_FILE_FORMAT: user('A record in the file is not valid.'),
  E_FILE: user('This kind of records file is not supported; use .json, .jsonl or .csv.'),
  E_BAD_CSV: user('A CSV row does not match the header.'),
  E_BAD_JSON: user('The file is not valid JSON.'),
  E_BAD_RECORD: user('A record must be a JSON object.'),
  // Rule graphs and templates
  E_INVALID_GRAPH: user('The rule graph is not valid.'),
  E_TEMPLATE_FORMAT: user('This is not a Sluice template or rule graph.'),
  E_TEMPLATE_SCHEMA: user('This is not a valid rule graph.'),
  E_TEMPLATE_MISMATCH: user('This template does not fit the connection.'),
  // Sandbox apps
  E_NO_SANDBOX: user('The sandbox apps are not available on this server.'),
  // Secrets
  E_SECRET_KEY_MISSING: user('No secret key: set SLUICE_SECRET_KEY or give a data folder.'),
  E_SECRET_UNREADABLE: user('A stored secret cannot be read with this server\'s key; enter the credential again.'),
  E_KEY_FILE: user('The key file is not valid.'),
  // The command line
  E_USAGE: user('The command is missing something; see its --help.'),
  E_JSON: user('The file is not valid JSON.'),
  E_SCHEMA: user('The file is not a valid sluice.graph/v1 graph.'),
  E_DB_LOCKED: user('The data folder is in use by another Sluice.'),
  E_PORT_IN_USE: user('The port is already in use.'),
  // Passing faults, retried
  E_RATE_LIMITED: operational('The app asked Sluice to slow down; it will try again.', 'TOO_MANY_REQUESTS'),
  E_NETWORK: operational('The app could not be reached; Sluice will try again.'),
  E_TIMEOUT: operational('The app did not answer in time; Sluice will try again.'),
  E_APP_UNAVAILABLE: operational('The app is having trouble; Sluice will try again.'),
  E_BAD_RESPONSE: operational('The app sent an unreadable answer; Sluice will try again.'),
  E_TOO_MANY_REDIRECTS: operational('The app redirected too many times.'),
  E_DB_UNAVAILABLE: operational('The database is unreachable; syncs wait and resume when it is back.'),
  E_WEBHOOK_REJECTED: operational('The alert webhook did not accept the alert; Sluice will try again.'),
  E_SANDBOX_BUSY: operational('The sandbox apps are busy with another write; try again.'),
} as const satisfies Record<string, ErrorCodeInfo>;

/** A stable code from the registry. */
export type ErrorCode = keyof typeof errorCodes;

/** The codes whose kind is `kind`. */
export type ErrorCodeOf<K extends ErrorKind> = { [C in ErrorCode]: (typeof errorCodes)[C]['kind'] extends K ? C : never }[ErrorCode];

/** The registry's entry for a code, when it is one. Pure. */
export function errorCodeInfo(code: string): ErrorCodeInfo | undefined {
  return Object.prototype.hasOwnProperty.call(errorCodes, code) ? errorCodes[code as ErrorCode] : undefined;
}

/**
 * Whether `code` is a `user` code of the registry: per-record failures carry codes as plain strings,
 * and one of them becomes a thrown `UserError` only through this check. Pure.
 * @example throw new UserError(isUserErrorCode(f.code) ? f.code : 'E_FILE_FORMAT', f.message)
 */
export function isUserErrorCode(code: string): code is ErrorCodeOf<'user'> {
  return errorCodeInfo(code)?.kind === 'user';
}
