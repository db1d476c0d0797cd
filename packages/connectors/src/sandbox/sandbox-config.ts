import { UserError } from '@sluice/core';
import { z } from 'zod';

const configSchema = z
  .object({
    /** The Sluice workspace whose sandbox data the connection uses. */
    workspaceId: z.string().min(1).default('default'),
    /** Seed the 500 demo contacts on first use (default true). */
    seed: z.boolean().default(true),
  })
  .strict();

export type SandboxConfig = z.infer<typeof configSchema>;

/** Reads a sandbox app's config; unknown keys are refused with `UserError('E_CONFIG')`. */
export function parseSandboxConfig(appName: string, config: Record<string, unknown>): SandboxConfig {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError('E_CONFIG', `${appName}: ${issue?.path.join('.') || 'config'}: ${issue?.message ?? 'invalid'} (expected { workspaceId?, seed? }).`);
  }
  return parsed.data;
}
