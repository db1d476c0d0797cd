import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUserError } from '@sluice/core';
import { loadConfig, type SluiceConfig } from '@sluice/server';
import { vi } from 'vitest';

/** How many fuzzed inputs per property: reduced in the default suite, 10,000 with SLUICE_FUZZ_RUNS=10000. */
export const fuzzRuns = (reduced: number) => Number(process.env.SLUICE_FUZZ_RUNS ?? reduced);
/** Fixed seed, so a failure names an input that reproduces (override with SLUICE_FUZZ_SEED). */
export const fuzzSeed = Number(process.env.SLUICE_FUZZ_SEED ?? 20261127);

export interface CliResult {
  code: number;
  stdout: string;
  /** The one line `main.ts` would print for a UserError. */
  error?: string;
}

/**
 * Runs a command module's `run(args)` in this process as `main.ts` would, capturing stdout. A
 * UserError becomes exit 1 with its message; any other throw is a crash and is rethrown.
 */
export async function runInProcess(command: { run(args: string[], config: SluiceConfig): Promise<number> }, args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  try {
    const code = await command.run(args, loadConfig(process.env));
    return { code, stdout: out.join('') };
  } catch (e) {
    if (isUserError(e)) return { code: 1, stdout: out.join(''), error: e.message };
    throw e;
  } finally {
    spy.mockRestore();
  }
}

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const bin = join(root, 'apps/server/bin/sluice-dev.mjs');

/** The real `sluice` binary in a child process, as a user runs it. */
export function spawnSluice(args: string[], env: Record<string, string> = {}): Promise<CliResult & { stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', SLUICE_DEBUG: '', ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** True when text holds a stack trace or source paths: what a user must never see. */
export function showsStack(text: string): boolean {
  return /\n\s+at |\bat .*\.(ts|js|mjs):\d+/.test(text);
}

/** Prints a run's figures (outcome counts) for docs/reliability.md; visible in the Vitest output. */
export function reportFigures(what: string, figures: Record<string, number>): void {
  process.stderr.write(`fuzz figures ${what}: ${JSON.stringify(figures)}\n`);
}
