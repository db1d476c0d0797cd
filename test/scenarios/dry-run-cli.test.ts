import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DryRunPlan } from '@sluice/engine';
import { parseCsv } from '../../apps/server/src/cli/csv.parser';

// `sluice sync --once --dry-run` as a user runs it on two JSONL files: the plan is printed, the files
// and the data folder are left as they were, `--report` writes one CSV line per field change, and a
// real run afterwards does exactly what it does in a folder where no dry run ever happened.
const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'apps/server/src/cli/main.ts');

const line = (r: Record<string, unknown>) => JSON.stringify({ tags: [], lists: [], custom: {}, updatedAt: '2026-11-01T00:00:00.000Z', ...r });
const A = [
  line({ id: 'a1', email: 'ann@example.com', firstName: 'Ann' }),
  line({ id: 'a2', email: 'bob@example.com', firstName: 'Bob' }),
  line({ id: 'a3', firstName: 'No email' }),
].join('\n');
const B = [line({ id: 'b1', email: 'ann@example.com', firstName: 'Anne', lastName: 'Lee' })].join('\n');

function sync(dir: string, ...extra: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'sync', join(dir, 'connection.json'), '--once', '--data', join(dir, 'data'), ...extra], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, SLUICE_SECRET_KEY: 'd7'.repeat(32), LOG_LEVEL: 'warn' },
  });
}

/** A folder with both files and the connection, each run's files in their own folder. */
function folder(root: string, name: string): string {
  const dir = join(root, name);
  cpSync(join(root, 'template'), dir, { recursive: true });
  return dir;
}

describe('`sluice sync --dry-run`', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'sluice-dry-run-cli-'));
    const t = join(root, 'template');
    mkdirSync(t);
    writeFileSync(join(t, 'a.jsonl'), `${A}\n`);
    writeFileSync(join(t, 'b.jsonl'), `${B}\n`);
    writeFileSync(
      join(t, 'connection.json'),
      JSON.stringify({
        format: 'sluice.connection/v1',
        name: 'A → B',
        apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } },
        mode: 'a-to-b',
        conflict: { winner: 'a' },
      }),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('prints the plan as JSON, writes nothing, and the real run after it is the run without it', () => {
    const dried = folder(root, 'dried');
    const first = sync(dried, '--dry-run', '--json');
    expect(first.status, first.stderr).toBe(0);
    const plan = JSON.parse(first.stdout) as DryRunPlan;
    expect(plan).toMatchObject({ dryRun: true, kind: 'initial', created: { a: 0, b: 1 }, updated: { a: 0, b: 1 }, skipped: 1, apps: { b: { created: 1, updated: 1 } } });
    expect(plan.reasons).toEqual([expect.objectContaining({ outcome: 'skipped', reason: 'E_NO_MATCH_KEY', count: 1 })]);
    expect(plan.sample).toEqual(
      expect.arrayContaining([expect.objectContaining({ app: 'b', action: 'update', sourceId: 'a1', changes: [{ path: 'firstName', before: 'Anne', after: 'Ann' }] })]),
    );
    expect(readFileSync(join(dried, 'a.jsonl'), 'utf8')).toBe(`${A}\n`);
    expect(readFileSync(join(dried, 'b.jsonl'), 'utf8')).toBe(`${B}\n`);
    // A second dry run plans the same: the first left no link, checkpoint or run behind.
    const second = sync(dried, '--dry-run', '--json');
    expect(JSON.parse(second.stdout)).toEqual(plan);

    const real = sync(dried, '--json');
    const plain = folder(root, 'plain');
    const reference = sync(plain, '--json');
    expect(real.status, real.stderr).toBe(0);
    expect(JSON.parse(real.stdout)).toEqual(JSON.parse(reference.stdout));
    expect(JSON.parse(real.stdout)).toMatchObject({ created: { b: 1 }, updated: { b: 1 } });
    const ids = (text: string) => text.replace(/"id":"[^"]+"/g, '"id":"…"').replace(/"updatedAt":"[^"]+"/g, '"updatedAt":"…"');
    expect(ids(readFileSync(join(dried, 'b.jsonl'), 'utf8'))).toBe(ids(readFileSync(join(plain, 'b.jsonl'), 'utf8')));
    // And the next run of each has nothing left to do.
    expect(JSON.parse(sync(dried, '--json').stdout)).toMatchObject({ created: { a: 0, b: 0 }, updated: { a: 0, b: 0 } });
    // Six commands, each starting its own database: minutes on a loaded machine.
  }, 600_000);

  it('writes the report with one row per field change, and prints the plan in sentences', () => {
    const dir = folder(root, 'report');
    const report = join(dir, 'plan.csv');
    const res = sync(dir, '--dry-run', '--report', report);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^Dry run: nothing was written/);
    expect(res.stdout).toMatch(/would create\s+0\s+1/);
    expect(res.stdout).toContain('No value for the first match key');
    expect(res.stdout).toContain('B  update  a1: firstName "Anne" → "Ann"');
    const rows = parseCsv(readFileSync(report, 'utf8'), 'plan.csv').map((r) => r.cells);
    expect(rows[0]).toEqual(['app', 'action', 'direction', 'source_record', 'target_record', 'field', 'before', 'after', 'reason', 'detail']);
    expect(rows).toContainEqual(['B', 'update', 'A → B', 'a1', 'b1', 'firstName', 'Anne', 'Ann', 'Both apps changed a field; the winning value was kept', '']);
    expect(rows.filter((r) => r[1] === 'create' && r[3] === 'a2').map((r) => [r[5], r[7]])).toEqual(
      expect.arrayContaining([
        ['email', 'bob@example.com'],
        ['firstName', 'Bob'],
      ]),
    );
    expect(rows).toContainEqual(['A', 'skip', 'A → B', 'a3', '', '', '', '', 'No value for the first match key (skipped to avoid a duplicate)', 'no email: skipped to avoid a duplicate']);
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).toBe(`${B}\n`);
  });

  it('refuses --report without --dry-run in one line, and leaves no report when the run fails', () => {
    const dir = folder(root, 'refused');
    const res = sync(dir, '--report', join(dir, 'plan.csv'));
    expect(res.status).toBe(1);
    expect(res.stderr.trim()).toMatch(/^sluice: --report FILE\.csv goes with --dry-run — usage: sluice sync/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    rmSync(join(dir, 'a.jsonl'));
    writeFileSync(join(dir, 'a.jsonl'), '{"id": "x", "email": 12, "updatedAt": "not json\n');
    writeFileSync(join(dir, 'connection.json'), '{}');
    const bad = sync(dir, '--dry-run', '--report', join(dir, 'plan.csv'));
    expect(bad.status).toBe(1);
    expect(existsSync(join(dir, 'plan.csv'))).toBe(false);
  });

  it('stops a run past options.guard with exit code 3 and one line, writing nothing; --approve runs it', () => {
    const dir = folder(root, 'guarded');
    const connection = JSON.parse(readFileSync(join(dir, 'connection.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'connection.json'), JSON.stringify({ ...connection, options: { guard: { maxChanges: 1 } } }));
    const held = sync(dir, '--json');
    expect(held.status, held.stderr).toBe(3);
    expect(held.stderr.trim().split('\n')).toEqual([
      'sluice sync: The guard held this run back before its first write: it would change 2 records in B (the guard allows 1). Nothing was written. Run it with --approve to write it, or see it first with --dry-run.',
    ]);
    expect(JSON.parse(held.stdout)).toMatchObject({ guarded: true, breaches: [{ app: 'b', limit: 'maxChanges', planned: 2, allowed: 1 }], created: { b: 1 }, updated: { b: 1 } });
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).toBe(`${B}\n`);
    const approved = sync(dir, '--approve', '--json');
    expect(approved.status, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ created: { b: 1 }, updated: { b: 1 } });
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).toContain('bob@example.com');
  }, 300_000);
});
