import { DEFAULT_SCRYPT_COST } from './auth/password.hasher';
import type { OAuthSettings } from '@sluice/runtime';

/**
 * The operator's settings the API's procedures use. The server reads them from its configuration at
 * start-up and hands them to every context; the API itself never reads the environment.
 */
export interface ApiSettings {
  /** log2 of scrypt's N for new password hashes (SLUICE_SCRYPT_COST). */
  scryptCost: number;
  /** The OAuth clients (SLUICE_<APP>_CLIENT_ID, …). */
  oauth: OAuthSettings;
  /** Where alert emails leave (SLUICE_SMTP_URL, SLUICE_ALERT_FROM), for the settings page and its test alert; no `smtpUrl`: no email. */
  alertMail?: { smtpUrl?: string; from: string };
}

/** No OAuth client configured, the default password cost: what a context gets when given none. */
export const defaultApiSettings: ApiSettings = { scryptCost: DEFAULT_SCRYPT_COST, oauth: {} };
