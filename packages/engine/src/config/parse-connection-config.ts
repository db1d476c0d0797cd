import { UserError } from '@sluice/core';
import { connectionConfigSchema, type ConnectionConfig } from './connection-config.schema';

/**
 * Parses a `sluice.connection/v1` document, filling defaults. Pure.
 * @throws UserError `E_CONNECTION_CONFIG` naming the first offending path.
 */
export function parseConnectionConfig(input: unknown): ConnectionConfig {
  const result = connectionConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  throw new UserError('E_CONNECTION_CONFIG', `connection ${path}: ${issue?.message ?? 'invalid'}`, {
    issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}
