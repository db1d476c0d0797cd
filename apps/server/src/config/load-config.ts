import { UserError } from '@sluice/core';
import { configOf, envSchema, type SluiceConfig } from './config.schema';

/** A variable Sluice cannot use; `problems` holds one sentence per variable, each starting with its name. */
export class ConfigError extends UserError {
  constructor(readonly problems: string[]) {
    super('E_CONFIG', problems.join('\n'));
  }
}

/**
 * Reads and checks every setting once. This is the only place in Sluice that reads `process.env`:
 * everything else receives the values. Throws a `ConfigError` naming each wrong variable.
 * @example loadConfig({ PORT: '8080' }).port // 8080
 * @example loadConfig({ SLUICE_LEASE_TTL_MS: '999' }) // throws "SLUICE_LEASE_TTL_MS must be at least 1000 (milliseconds; got 999)"
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env, cwd: string = process.cwd()): SluiceConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`));
  }
  return configOf(parsed.data, cwd);
}
