import { oauthEnvNames, oauthProviders } from '@sluice/api';
import { describe, expect, it } from 'vitest';
import { OAUTH_ENV_PREFIXES } from './config.schema';
import { ConfigError, loadConfig } from './load-config';

const cwd = '/srv/sluice';

/** The problems `loadConfig` reports for `env`, or [] when it accepts it. */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env, cwd);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({}, cwd)).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/sluice/.sluice',
      mongodbUri: undefined,
      secretKey: undefined,
      previousSecretKeys: [],
      retention: { eventDays: 90, runDays: 90, auditDays: 365 },
      runsKept: undefined,
      smtpUrl: undefined,
      alertFrom: 'sluice@localhost',
      syncIntervalMs: 60_000,
      leaseTtlMs: undefined,
      scryptCost: 15,
      signUp: 'invite',
      allowPrivateUrls: false,
      trustProxy: false,
      publicUrl: undefined,
      trustedHosts: [],
      hstsMaxAge: 0,
      oauth: {},
      cliCredentials: { a: undefined, b: undefined },
      logLevel: 'info',
      metricsToken: undefined,
      debug: false,
      noColor: false,
    });
  });

  it('reads every variable into its setting', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        MONGODB_URI: 'mongodb://db1,db2/?replicaSet=rs0',
        LOG_LEVEL: 'WARN',
        SLUICE_DATA: 'data',
        SLUICE_SECRET_KEY: 'a passphrase',
        SLUICE_SECRET_KEY_PREVIOUS: 'old one, ,older',
        SLUICE_EVENTS_DAYS: '7',
        SLUICE_RUNS_DAYS: '30',
        SLUICE_AUDIT_DAYS: '730',
        SLUICE_SMTP_URL: 'smtp://alerts:pw@mail.example.com:587',
        SLUICE_ALERT_FROM: 'sync@example.com',
        SLUICE_RUNS_KEEP: '500',
        SLUICE_SYNC_INTERVAL_MS: '15000',
        SLUICE_LEASE_TTL_MS: ' 5000 ',
        SLUICE_SCRYPT_COST: '12',
        SLUICE_SIGNUP: 'Open',
        SLUICE_ALLOW_PRIVATE_URLS: '1',
        SLUICE_TRUST_PROXY: 'yes',
        SLUICE_PUBLIC_URL: 'https://sluice.example.com',
        SLUICE_TRUSTED_HOSTS: 'sluice.lan, intranet.example:8080',
        SLUICE_HSTS: '31536000',
        SLUICE_GOOGLE_CLIENT_ID: 'id',
        SLUICE_GOOGLE_CLIENT_SECRET: 'secret',
        SLUICE_HUBSPOT_TOKEN_URL: 'http://127.0.0.1:9/token',
        SLUICE_CREDENTIAL_A: '{"apiKey":"k"}',
        SLUICE_DEBUG: 'true',
        NO_COLOR: '1',
        SLUICE_UNRELATED_TEST_KNOB: 'whatever',
      },
      cwd,
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      mongodbUri: 'mongodb://db1,db2/?replicaSet=rs0',
      logLevel: 'warn',
      dataDir: '/srv/sluice/data',
      secretKey: 'a passphrase',
      previousSecretKeys: ['old one', 'older'],
      retention: { eventDays: 7, runDays: 30, auditDays: 730 },
      runsKept: 500,
      smtpUrl: 'smtp://alerts:pw@mail.example.com:587',
      alertFrom: 'sync@example.com',
      syncIntervalMs: 15_000,
      leaseTtlMs: 5_000,
      scryptCost: 12,
      signUp: 'open',
      allowPrivateUrls: true,
      trustProxy: true,
      publicUrl: 'https://sluice.example.com',
      trustedHosts: ['sluice.lan', 'intranet.example:8080'],
      hstsMaxAge: 31_536_000,
      oauth: { SLUICE_GOOGLE_CLIENT_ID: 'id', SLUICE_GOOGLE_CLIENT_SECRET: 'secret', SLUICE_HUBSPOT_TOKEN_URL: 'http://127.0.0.1:9/token' },
      cliCredentials: { a: '{"apiKey":"k"}' },
      debug: true,
      noColor: true,
    });
  });

  it('turns HSTS on for an https public URL unless told otherwise, and reads on, off and seconds', () => {
    expect(loadConfig({ SLUICE_PUBLIC_URL: 'https://sluice.example.com' }, cwd).hstsMaxAge).toBe(15_552_000);
    expect(loadConfig({ SLUICE_PUBLIC_URL: 'http://sluice.lan:3000' }, cwd).hstsMaxAge).toBe(0);
    expect(loadConfig({ SLUICE_PUBLIC_URL: 'https://sluice.example.com', SLUICE_HSTS: 'off' }, cwd).hstsMaxAge).toBe(0);
    expect(loadConfig({ SLUICE_HSTS: 'on' }, cwd).hstsMaxAge).toBe(15_552_000);
    expect(loadConfig({ SLUICE_HSTS: '1' }, cwd).hstsMaxAge).toBe(15_552_000);
    expect(loadConfig({ SLUICE_HSTS: '600' }, cwd).hstsMaxAge).toBe(600);
  });

  it('names the alert sender after the public address when none is given', () => {
    expect(loadConfig({ SLUICE_PUBLIC_URL: 'https://sync.example.com/app' }, cwd).alertFrom).toBe('sluice@sync.example.com');
  });

  it('takes a blank variable for an unset one', () => {
    expect(loadConfig({ PORT: '', SLUICE_LEASE_TTL_MS: '  ', SLUICE_ALLOW_PRIVATE_URLS: '' }, cwd)).toMatchObject({ port: 3000, leaseTtlMs: undefined, allowPrivateUrls: false });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number (got "eighty")'],
    [{ PORT: '70000' }, 'PORT must be at most 65535 (got 70000)'],
    [{ SLUICE_LEASE_TTL_MS: '999' }, 'SLUICE_LEASE_TTL_MS must be at least 1000 (milliseconds; got 999)'],
    [{ SLUICE_LEASE_TTL_MS: '0' }, 'SLUICE_LEASE_TTL_MS must be at least 1000 (milliseconds; got 0)'],
    [{ SLUICE_LEASE_TTL_MS: 'abc' }, 'SLUICE_LEASE_TTL_MS must be a whole number of milliseconds (got "abc")'],
    [{ SLUICE_LEASE_TTL_MS: '-5000' }, 'SLUICE_LEASE_TTL_MS must be a whole number of milliseconds (got "-5000")'],
    [{ SLUICE_LEASE_TTL_MS: '1e5' }, 'SLUICE_LEASE_TTL_MS must be a whole number of milliseconds (got "1e5")'],
    [{ SLUICE_LEASE_TTL_MS: '60000.5' }, 'SLUICE_LEASE_TTL_MS must be a whole number of milliseconds (got "60000.5")'],
    [{ SLUICE_LEASE_TTL_MS: '99999999999999999999' }, 'SLUICE_LEASE_TTL_MS must be a whole number of milliseconds (got "99999999999999999999")'],
    [{ SLUICE_SCRYPT_COST: '30' }, 'SLUICE_SCRYPT_COST must be at most 20 (got 30)'],
    [{ SLUICE_ALLOW_PRIVATE_URLS: 'sure' }, 'SLUICE_ALLOW_PRIVATE_URLS must be 1 or 0 (also true/false, yes/no, on/off; got "sure")'],
    [{ SLUICE_PUBLIC_URL: 'sluice.example.com' }, 'SLUICE_PUBLIC_URL must be an http:// or https:// address (got "sluice.example.com")'],
    [{ SLUICE_TRUSTED_HOSTS: 'sluice.lan, https://sluice.example.com' }, 'SLUICE_TRUSTED_HOSTS must be host names, each with an optional :port, separated by commas (got "https://sluice.example.com")'],
    [{ SLUICE_HSTS: '60' }, 'SLUICE_HSTS must be on, off, or a max-age of at least 300 seconds (got "60")'],
    [{ SLUICE_HSTS: 'always' }, 'SLUICE_HSTS must be on, off, or a max-age of at least 300 seconds (got "always")'],
    [{ SLUICE_GOOGLE_TOKEN_URL: 'ftp://x' }, 'SLUICE_GOOGLE_TOKEN_URL must be an http:// or https:// address (got "ftp://x")'],
    [{ MONGODB_URI: 'localhost:27017' }, 'MONGODB_URI must be a mongodb:// or mongodb+srv:// address (got "localhost:27017")'],
    [{ SLUICE_SIGNUP: 'anyone' }, 'SLUICE_SIGNUP must be one of invite, open (got "anyone")'],
    [{ SLUICE_AUDIT_DAYS: '0' }, 'SLUICE_AUDIT_DAYS must be at least 1 (days; got 0)'],
    [{ SLUICE_SMTP_URL: 'http://mail.example.com' }, 'SLUICE_SMTP_URL must be an smtp:// or smtps:// address (got "http://mail.example.com")'],
    [{ SLUICE_SMTP_URL: 'mail://user:secret@x' }, 'SLUICE_SMTP_URL must be an smtp:// or smtps:// address (got "mail://…@x")'],
    [{ SLUICE_ALERT_FROM: 'sluice' }, 'SLUICE_ALERT_FROM must be an email address (got "sluice")'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    [{ SLUICE_METRICS_TOKEN: 'short' }, 'SLUICE_METRICS_TOKEN must be at least 16 characters (a random secret the scraper sends)'],
  ])('refuses %j: "%s"', (env, message) => {
    expect(problems(env)).toEqual([message]);
  });

  it('names every wrong variable at once, and shortens a long value', () => {
    const found = problems({ PORT: 'x', SLUICE_RUNS_KEEP: '0', SLUICE_TRUST_PROXY: 'k'.repeat(100) });
    expect(found).toEqual([
      'PORT must be a whole number (got "x")',
      'SLUICE_RUNS_KEEP must be at least 1 (runs; got 0)',
      `SLUICE_TRUST_PROXY must be 1 or 0 (also true/false, yes/no, on/off; got "${'k'.repeat(40)}…")`,
    ]);
  });

  it('knows the variables of every app the API offers an OAuth consent for', () => {
    const all = oauthProviders.flatMap((p) => Object.values(oauthEnvNames(p)));
    expect(oauthProviders.map((p) => p.envPrefix).sort()).toEqual([...OAUTH_ENV_PREFIXES].sort());
    const env = Object.fromEntries(all.map((name) => [name, name.endsWith('_URL') ? 'https://example.com/x' : 'v']));
    expect(Object.keys(loadConfig(env, cwd).oauth).sort()).toEqual([...all].sort());
  });
});
