import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * The workspace files a module pulls in when it is loaded, as esbuild's bundler resolves them
 * (the way `pnpm build` does): type-only imports are erased, third-party packages left out.
 */
async function workspaceModulesOf(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    conditions: ['import', 'default'],
    logLevel: 'silent',
    plugins: [
      {
        name: 'workspace-only',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@sluice/') ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
  return Object.keys(result.metafile.inputs).map((input) => relative(root, resolve(root, input)).split('\\').join('/'));
}

describe('sluice worker', () => {
  it('loads the worker runtime without the tRPC API package', async () => {
    const modules = await workspaceModulesOf('apps/server/src/cli/worker.command.ts');
    expect(modules).toContain('packages/runtime/src/worker/sync-worker.ts');
    expect(modules.filter((m) => m.startsWith('packages/api/'))).toEqual([]);
  });

  it('finds the API package among the modules of sluice start (the same check sees it)', async () => {
    const modules = await workspaceModulesOf('apps/server/src/cli/start.command.ts');
    expect(modules).toContain('packages/api/src/root.ts');
  });
});
