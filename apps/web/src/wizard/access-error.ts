/** The stable code the API puts beside an error's sentence (`data.appCode`), when there is one. */
export function appCodeOf(error: unknown): string | undefined {
  const data = (error as { data?: { appCode?: unknown } } | null | undefined)?.data;
  return typeof data?.appCode === 'string' ? data.appCode : undefined;
}

/** Codes that mean Sluice never got an answer: the key may be fine. */
const UNREACHED = new Set(['E_NETWORK', 'E_TIMEOUT']);

/**
 * The sentence shown when checking a key fails: "<App> refused this key" only when the app answered
 * 401/403 (`E_AUTH_REJECTED`); "Could not reach <App> (network)" when it never answered; otherwise
 * the server's own sentence. Pure.
 * @example accessErrorText('HubSpot', Object.assign(new Error('…'), { data: { appCode: 'E_NETWORK' } }))
 */
export function accessErrorText(appName: string, error: unknown): string {
  const message = error instanceof Error ? error.message : 'The key could not be checked.';
  const code = appCodeOf(error);
  if (code === 'E_AUTH_REJECTED') return `${appName} refused this key: ${message}`;
  if (code && UNREACHED.has(code)) {
    const said = message.startsWith(`Could not reach ${appName} (network)`) ? message : `Could not reach ${appName} (network): ${message}`;
    return `${said} The key was not checked; try again when ${appName} can be reached.`;
  }
  return message;
}
