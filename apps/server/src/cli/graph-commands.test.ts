import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// These tests run the real `sluice` binary in a child process, as a user would.
const root = resolve(fileURLToPath(import.meta.url), '../../../../..');
const bin = join(root, 'apps/server/bin/sluice-dev.mjs');
const examples = join(root, 'docs/examples');
const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function sluice(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', SLUICE_DEBUG: '' } }, (error, stdout, stderr) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const example = (name: string) => join(examples, name);
const oneLine = (r: Run) => {
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

describe('sluice validate', () => {
  it('prints valid and exits 0 for a valid graph', async () => {
    const r = await sluice('validate', example('has-no-deals-tag-new.json'));
    expect(r).toMatchObject({ code: 0, stdout: 'valid\n' });
  });
  it('prints one line per error and exits 1', async () => {
    const g = JSON.parse(JSON.stringify(await import(example('has-no-deals-tag-new.json'), { with: { type: 'json' } }).then((m) => m.default)));
    g.nodes[1].when.field = 'dealz.count';
    g.edges.push({ from: 'a1', to: 'ghost' });
    const p = file('invalid.json', JSON.stringify(g));
    const [plain, json] = await Promise.all([sluice('validate', p), sluice('validate', p, '--json')]);
    expect(plain.code).toBe(1);
    expect(plain.stdout.trim().split('\n')).toEqual([
      'edge 3: E_DANGLING_EDGE edge to names no node "ghost"',
      'c1: E_UNKNOWN_FIELD field "dealz.count" is unknown (did you mean "deals.count"?)',
    ]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ valid: false, errors: [{ code: 'E_DANGLING_EDGE', edgeIndex: 3 }, { code: 'E_UNKNOWN_FIELD', nodeId: 'c1' }] });
  });
  it('names file, line and column of broken JSON, and missing files, in one line', async () => {
    const [broken, missing] = await Promise.all([sluice('validate', file('broken.json', '{\n  "format": "sluice.graph/v1",\n  "nodes": [ { "id": "a", } ]\n}\n')), sluice('validate', join(dir, 'nope.json'))]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('broken.json:3:27: invalid JSON');
    oneLine(broken);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.json: no such file');
    oneLine(missing);
  });
});

describe('sluice preview', () => {
  it('--json prints exactly [{ id, sync, path, excludedBy?, reason?, record }]', async () => {
    const r = await sluice('preview', example('has-no-deals-tag-new.json'), example('sample-contacts.csv'), '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(out.map((d) => Object.keys(d))).toEqual([
      ['id', 'sync', 'path', 'record'],
      ['id', 'sync', 'path', 'excludedBy', 'reason', 'record'],
      ['id', 'sync', 'path', 'excludedBy', 'reason', 'record'],
      ['id', 'sync', 'path', 'excludedBy', 'reason', 'record'],
    ]);
    expect(out[0]).toMatchObject({ id: 'p1', sync: true, path: ['in', 'c1', 'a1', 'out'], record: { tags: ['lead', 'vip', 'New'] } });
    expect(out[1]).toMatchObject({ id: 'p2', sync: false, path: ['in', 'c1'], excludedBy: 'c1', reason: 'deals.count is 3, rule "has no deals" wants 0' });
  });
  it('prints a readable table with reasons and a summary', async () => {
    const r = await sluice('preview', example('two-rules-with-else.json'), example('sample-contacts.jsonl'));
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^RECORD\s+RESULT\s+PATH\s+WHY$/);
    expect(lines[1]).toMatch(/^p1\s+excluded\s+in → hot → emea\s+tags is "lead", "vip", rule "customer in Europe" wants it to include "customer"$/);
    expect(lines[2]).toMatch(/^p2\s+sync\s+in → hot → emea → listEmea → owner → out$/);
    expect(r.stdout).toContain('2 of 3 records sync, 1 excluded');
  });
  it('bad records are one line naming file and line', async () => {
    const [csv, jsonl] = await Promise.all([
      sluice('preview', example('only-customers.json'), file('bad.csv', 'id,email\n1,a@b.c\n2,"open\n')),
      sluice('preview', example('only-customers.json'), file('bad.jsonl', '{"id":"1"}\n{"id":"2","deals":{"count":"x"}}\n')),
    ]);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toMatch(/bad\.csv:3: a quoted cell is never closed/);
    oneLine(csv);
    expect(jsonl.code).toBe(1);
    expect(jsonl.stderr).toMatch(/bad\.jsonl:2: deals\.count: /);
    oneLine(jsonl);
  });
});

describe('sluice test', () => {
  it('passes every example in docs/examples', async () => {
    const files = readdirSync(examples).filter((f) => f.endsWith('.json')).map(example);
    expect(files.length).toBeGreaterThanOrEqual(4);
    const r = await sluice('test', ...files);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('✗');
    expect(r.stdout).not.toContain('no tests');
  });
  it('exits 1 naming the failing test and why', async () => {
    const g = (await import(example('only-customers.json'), { with: { type: 'json' } })).default;
    const p = file('failing.json', JSON.stringify({ ...g, tests: [{ name: 'leads sync too', record: { tags: ['lead'] }, expect: 'sync' }] }));
    const r = await sluice('test', p);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ leads sync too: expected sync, got exclude (tags is "lead", rule "customers only" wants it to include "customer")');
    expect(r.stdout).toContain('1 of 1 failed');
  });
});
