import { resolve } from 'node:path';
import type { OAuthSettings, SignUpMode } from '@sluice/api';
import { z } from 'zod';
import { flag, hostList, hsts, HSTS_DEFAULT_SECONDS, httpUrl, list, oneOf, shown, text, wholeNumber } from './config.fields';

/**
 * The apps with an OAuth consent, by the prefix of their variables (`SLUICE_GOOGLE_CLIENT_ID`, …).
 * Kept here rather than read off `@sluice/api` so that loading the configuration loads no API code
 * (every `sluice` command starts by it); config.test.ts checks it against the API's providers.
 */
export const OAUTH_ENV_PREFIXES = ['GOOGLE', 'HUBSPOT', 'MICROSOFT', 'PIPEDRIVE'] as const;
const OAUTH_SUFFIXES = { CLIENT_ID: 'id', CLIENT_SECRET: 'id', AUTHORIZE_URL: 'url', TOKEN_URL: 'url', API_URL: 'url' } as const;

const oauthShape = Object.fromEntries(
  OAUTH_ENV_PREFIXES.flatMap((app) => Object.entries(OAUTH_SUFFIXES).map(([suffix, kind]) => [`SLUICE_${app}_${suffix}`, kind === 'url' ? httpUrl() : text()])),
) as Record<`SLUICE_${(typeof OAUTH_ENV_PREFIXES)[number]}_${keyof typeof OAUTH_SUFFIXES}`, ReturnType<typeof text>>;

const smtpUrl = () =>
  text().refine((v) => v === undefined || (URL.canParse(v) && /^smtps?:$/.test(new URL(v).protocol)), {
    error: (issue) => `must be an smtp:// or smtps:// address (got ${shown(String(issue.input).replace(/\/\/[^@/]*@/, '//…@'))})`,
  });

const emailAddress = () =>
  text().refine((v) => v === undefined || /^[^\s@<>]+@[^\s@<>]+$/.test(v), { error: (issue) => `must be an email address (got ${shown(String(issue.input))})` });

const mongoUri = () =>
  text().refine((v) => v === undefined || /^mongodb(\+srv)?:\/\/./.test(v), {
    error: (issue) => `must be a mongodb:// or mongodb+srv:// address (got ${shown(String(issue.input))})`,
  });

/**
 * Every environment variable Sluice reads, by name. To add a setting: add its variable here, then
 * its value to `SluiceConfig` below, and a row to docs/operations.md.
 */
export const envSchema = z.object({
  PORT: wholeNumber({ min: 0, max: 65535 }),
  HOST: text(),
  MONGODB_URI: mongoUri(),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  SLUICE_DATA: text(),
  SLUICE_SECRET_KEY: text(),
  SLUICE_SECRET_KEY_PREVIOUS: list(),
  SLUICE_EVENTS_DAYS: wholeNumber({ min: 1, max: 36500, unit: 'days' }),
  SLUICE_RUNS_DAYS: wholeNumber({ min: 1, max: 36500, unit: 'days' }),
  SLUICE_AUDIT_DAYS: wholeNumber({ min: 1, max: 36500, unit: 'days' }),
  SLUICE_SMTP_URL: smtpUrl(),
  SLUICE_ALERT_FROM: emailAddress(),
  SLUICE_RUNS_KEEP: wholeNumber({ min: 1, unit: 'runs' }),
  SLUICE_SYNC_INTERVAL_MS: wholeNumber({ min: 1, unit: 'milliseconds' }),
  SLUICE_LEASE_TTL_MS: wholeNumber({ min: 1000, unit: 'milliseconds' }),
  SLUICE_SCRYPT_COST: wholeNumber({ min: 12, max: 20 }),
  SLUICE_SIGNUP: oneOf(['invite', 'open']),
  SLUICE_ALLOW_PRIVATE_URLS: flag(),
  SLUICE_TRUST_PROXY: flag(),
  SLUICE_PUBLIC_URL: httpUrl(),
  SLUICE_TRUSTED_HOSTS: hostList(),
  SLUICE_HSTS: hsts(),
  SLUICE_CREDENTIAL_A: text(),
  SLUICE_CREDENTIAL_B: text(),
  SLUICE_DEBUG: flag(),
  SLUICE_METRICS_TOKEN: text().refine((v) => v === undefined || v.length >= 16, { error: 'must be at least 16 characters (a random secret the scraper sends)' }),
  NO_COLOR: text(),
  ...oauthShape,
});

export type SluiceEnv = z.infer<typeof envSchema>;

/** Sluice's settings, validated, with defaults applied. Built once at start-up by `loadConfig`. */
export interface SluiceConfig {
  /** `PORT`: 3000; 0 picks a free port. */
  port: number;
  /** `HOST`: 127.0.0.1. */
  host: string;
  /** `SLUICE_DATA`, absolute: ./.sluice in the working directory. */
  dataDir: string;
  /** `MONGODB_URI`: a MongoDB to use instead of the embedded database. */
  mongodbUri?: string;
  /** `SLUICE_SECRET_KEY` and `SLUICE_SECRET_KEY_PREVIOUS`: credential encryption keys. */
  secretKey?: string;
  previousSecretKeys: string[];
  /** `SLUICE_EVENTS_DAYS` (90), `SLUICE_RUNS_DAYS` (90), `SLUICE_AUDIT_DAYS` (365): how long history is kept. */
  retention: { eventDays: number; runDays: number; auditDays: number };
  /** `SLUICE_RUNS_KEEP`: runs kept per connection at most (the store's default, 10,000, when unset). */
  runsKept?: number;
  /** `SLUICE_SMTP_URL`: where alert emails are sent (`smtp://user:pass@host:587`); none: no email alerts. */
  smtpUrl?: string;
  /** `SLUICE_ALERT_FROM`: the sender of alert emails; `sluice@` the public URL's host, else `sluice@localhost`. */
  alertFrom: string;
  /** `SLUICE_SYNC_INTERVAL_MS`: 60 s between incremental runs. */
  syncIntervalMs: number;
  /** `SLUICE_LEASE_TTL_MS`: unset, the workers' own default (60 s, `DEFAULT_LEASE_TTL_MS` of @sluice/engine). */
  leaseTtlMs?: number;
  /** `SLUICE_SCRYPT_COST`: 15 (log2 of scrypt's N for new password hashes). */
  scryptCost: number;
  /** `SLUICE_SIGNUP`: invite (after the first account, people join by invitation); `open` lets anyone sign up. */
  signUp: SignUpMode;
  /** `SLUICE_ALLOW_PRIVATE_URLS`: off. */
  allowPrivateUrls: boolean;
  /** `SLUICE_TRUST_PROXY`: off. */
  trustProxy: boolean;
  /** `SLUICE_PUBLIC_URL`: where users open Sluice (OAuth redirects, accepted Host); else the address the browser used. */
  publicUrl?: string;
  /** `SLUICE_TRUSTED_HOSTS`: more names the server answers to (`name` or `name:port`), besides the public URL's and local ones. */
  trustedHosts: string[];
  /** `SLUICE_HSTS`: max-age of Strict-Transport-Security in seconds, 0 for none; 180 days when the public URL is https, else 0. */
  hstsMaxAge: number;
  /** `SLUICE_<APP>_CLIENT_ID`, `…_CLIENT_SECRET`, `…_AUTHORIZE_URL`, `…_TOKEN_URL`, `…_API_URL`. */
  oauth: OAuthSettings;
  /** `SLUICE_CREDENTIAL_A`, `SLUICE_CREDENTIAL_B`: credentials for `sluice sync` (JSON or an API key). */
  cliCredentials: { a?: string; b?: string };
  /** `LOG_LEVEL`: info. */
  logLevel: string;
  /** `SLUICE_METRICS_TOKEN`: `GET /metrics` answers a scraper that sends it; without it there is no /metrics. */
  metricsToken?: string;
  /** `SLUICE_DEBUG`: print stack traces of failed commands. */
  debug: boolean;
  /** `NO_COLOR` set to anything (no-color.org): commands print no colours even on a terminal. */
  noColor: boolean;
}

/** Defaults applied and paths resolved against `cwd`. Pure. */
export function configOf(env: SluiceEnv, cwd: string): SluiceConfig {
  const oauth: Record<string, string> = {};
  for (const name of Object.keys(oauthShape) as (keyof typeof oauthShape)[]) {
    const value = env[name];
    if (value !== undefined) oauth[name] = value;
  }
  return {
    port: env.PORT ?? 3000,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(cwd, env.SLUICE_DATA ?? '.sluice'),
    mongodbUri: env.MONGODB_URI,
    secretKey: env.SLUICE_SECRET_KEY,
    previousSecretKeys: env.SLUICE_SECRET_KEY_PREVIOUS ?? [],
    retention: { eventDays: env.SLUICE_EVENTS_DAYS ?? 90, runDays: env.SLUICE_RUNS_DAYS ?? 90, auditDays: env.SLUICE_AUDIT_DAYS ?? 365 },
    runsKept: env.SLUICE_RUNS_KEEP,
    smtpUrl: env.SLUICE_SMTP_URL,
    alertFrom: env.SLUICE_ALERT_FROM ?? `sluice@${env.SLUICE_PUBLIC_URL ? new URL(env.SLUICE_PUBLIC_URL).hostname : 'localhost'}`,
    syncIntervalMs: env.SLUICE_SYNC_INTERVAL_MS ?? 60_000,
    leaseTtlMs: env.SLUICE_LEASE_TTL_MS,
    scryptCost: env.SLUICE_SCRYPT_COST ?? 15,
    signUp: env.SLUICE_SIGNUP ?? 'invite',
    allowPrivateUrls: env.SLUICE_ALLOW_PRIVATE_URLS ?? false,
    trustProxy: env.SLUICE_TRUST_PROXY ?? false,
    publicUrl: env.SLUICE_PUBLIC_URL,
    trustedHosts: env.SLUICE_TRUSTED_HOSTS ?? [],
    hstsMaxAge: env.SLUICE_HSTS ?? (env.SLUICE_PUBLIC_URL?.startsWith('https:') ? HSTS_DEFAULT_SECONDS : 0),
    oauth,
    cliCredentials: { a: env.SLUICE_CREDENTIAL_A, b: env.SLUICE_CREDENTIAL_B },
    logLevel: env.LOG_LEVEL ?? 'info',
    metricsToken: env.SLUICE_METRICS_TOKEN,
    debug: env.SLUICE_DEBUG ?? false,
    noColor: env.NO_COLOR !== undefined,
  };
}
