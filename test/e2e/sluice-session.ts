import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadConfig, startSluice, type RunningSluice } from '@sluice/server';
import { launchChromium } from './chromium';
import { buildWeb, repoRoot } from './web-build';

/** axe-core's script, to inject into pages for the accessibility checks. */
export const axeSource = readFileSync(join(repoRoot, 'test/node_modules/axe-core/axe.min.js'), 'utf8');

/** A freshly built web app served by a real Sluice on a new data folder, and a Chromium page on it. */
export interface SluiceSession {
  sluice: RunningSluice;
  browser: Browser;
  page: Page;
  /** The data folder (fresh, deleted by `close`). */
  data: string;
  /** The built web app (deleted by `close`), for another server a test starts with other settings. */
  webRoot: string;
  close(): Promise<void>;
}

/**
 * Builds the web app, starts Sluice on a fresh data folder with `env`, opens a page (1280×800 unless
 * `viewport` says otherwise): what a new user meets. `close` stops everything and deletes both folders.
 * @example const s = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' } });
 */
export async function startSluiceSession(options: {
  env: NodeJS.ProcessEnv;
  acceptDownloads?: boolean;
  viewport?: { width: number; height: number };
}): Promise<SluiceSession> {
  const dist = mkdtempSync(join(tmpdir(), 'sluice-web-e2e-'));
  const data = mkdtempSync(join(tmpdir(), 'sluice-data-e2e-'));
  const cleanUp = () => {
    for (const dir of [dist, data]) rmSync(dir, { recursive: true, force: true });
  };
  let sluice: RunningSluice | undefined;
  let browser: Browser | undefined;
  try {
    buildWeb(dist);
    sluice = await startSluice({ port: 0, dataDir: data, webRoot: dist, config: loadConfig(options.env) });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 }, ...(options.acceptDownloads ? { acceptDownloads: true } : {}) });
    const [s, b] = [sluice, browser];
    return {
      sluice: s,
      browser: b,
      page,
      data,
      webRoot: dist,
      async close() {
        await b.close();
        await s.close();
        cleanUp();
      },
    };
  } catch (e) {
    await browser?.close();
    await sluice?.close();
    cleanUp();
    throw e;
  }
}

/** For `afterEach`: a failed test leaves a screenshot of its page in `test-results/`. */
export async function screenshotOnFailure(page: Page | undefined, ctx: { task: { name: string; result?: { state?: string } } }): Promise<void> {
  if (ctx.task.result?.state !== 'fail' || !page) return;
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  await page.screenshot({ path: join(repoRoot, 'test-results', `${ctx.task.name.replace(/\W+/g, '-')}.png`) });
}

/** Signs up the first account on a fresh Sluice, as a new user does, and waits for the empty connections list. */
export async function signUpFirstAccount(page: Page, baseUrl: string, user: { name: string; email: string }): Promise<void> {
  await page.goto(`${baseUrl}/connections`);
  await page.getByRole('heading', { name: 'Create the first account' }).waitFor();
  await page.getByLabel('Your name').fill(user.name);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill('a good password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'No connections yet' }).waitFor();
}

/**
 * Signs in with the e2e password, or signs the account up first on a fresh install, so a test can run
 * alone or after others on the same server. Ends on the connections list.
 */
export async function signInOrUp(page: Page, baseUrl: string, user: { name: string; email: string }): Promise<void> {
  await page.goto(`${baseUrl}/connections`);
  const heading = page.getByRole('heading', { name: /^(Create the first account|Sign in to Sluice|Connections)$/ });
  await heading.waitFor();
  const text = await heading.innerText();
  if (text === 'Connections') return;
  if (text === 'Create the first account') return signUpFirstAccount(page, baseUrl, user);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill('a good password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
}

/**
 * Calls one API procedure from the page, as the web app does (same origin, the session cookie), for a
 * test's setup: `await callApi(page, 'connections.create', input, 'mutation')`.
 */
export async function callApi<T>(page: Page, path: string, input: unknown, kind: 'query' | 'mutation' = 'query'): Promise<T> {
  return page.evaluate(
    async ({ path, input, kind }) => {
      const url = kind === 'query' ? `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}` : `/trpc/${path}`;
      const res = await fetch(url, kind === 'query' ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      const body = (await res.json()) as { result?: { data: unknown }; error?: { message: string } };
      if (!res.ok || !body.result) throw new Error(`${path}: ${body.error?.message ?? res.status}`);
      return body.result.data as T;
    },
    { path, input, kind },
  );
}
