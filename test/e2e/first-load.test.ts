import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWeb, FIRST_LOAD_BUDGET_KB, firstLoadJsGzipKb, firstLoadScripts } from './web-build';

/**
 * The budget of issue 19: a first visit loads at most 250 KB of JS (gzip) before a route asks for
 * more. The editor (React Flow, dagre, the rule compiler) and the other heavy screens are lazy chunks.
 */
const dist = mkdtempSync(join(tmpdir(), 'sluice-web-size-'));

afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('the production build of apps/web', () => {
  it(`loads at most ${FIRST_LOAD_BUDGET_KB} KB of JS (gzip) on a first visit, without React Flow`, () => {
    buildWeb(dist);
    const scripts = firstLoadScripts(dist);
    const total = firstLoadJsGzipKb(dist);
    expect(total, `first-load scripts, bytes gzip: ${JSON.stringify(scripts)}`).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_KB);
    // The canvas library stays out of the entry: it arrives with the rules tab or the playground.
    expect(Object.keys(scripts).some((src) => /xyflow|editor/i.test(src))).toBe(false);
  });
});
