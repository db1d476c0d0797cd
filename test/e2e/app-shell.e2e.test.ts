import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { collectConsoleErrors, horizontalOverflow, seriousA11yViolations } from './page-checks';
import { screenshotOnFailure, signInOrUp, signUpFirstAccount, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * The frame around every screen, in Chromium against a real server: the account menu (who, which
 * workspace, sign out) and the narrow layout (360 px: a menu button opening the navigation, nothing
 * scrolling sideways).
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent' } });
  ({ sluice, page } = session);
  consoleErrors = collectConsoleErrors(page);
});

afterEach((ctx) => screenshotOnFailure(page, ctx));

afterAll(async () => {
  await session?.close();
});

describe('app shell (Chromium)', () => {
  it('shows who is signed in and in which workspace, and signs out to the sign-in form', async () => {
    await signUpFirstAccount(page, sluice.url, { name: 'Ada Lovelace', email: 'ada@example.com' });
    await page.getByRole('button', { name: /^Account: Ada Lovelace/ }).click();
    const menu = page.getByRole('menu');
    await expect.poll(() => menu.innerText()).toContain('ada@example.com');
    expect(await menu.innerText()).toContain("Ada Lovelace's workspace");
    expect(await menu.innerText()).toContain('Owner');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('menuitem', { name: 'Members and invitations' }).click();
    await page.getByRole('heading', { name: 'Account and members' }).waitFor();
    await page.getByRole('region', { name: 'Members' }).getByText('ada@example.com').waitFor();

    await page.getByRole('button', { name: /^Account: Ada Lovelace/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to Sluice' }).waitFor();
    // Signed out on the server too: a reload still asks to sign in.
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Sluice' }).waitFor();
    expect(await page.getByRole('button', { name: /^Account:/ }).count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it('at 360 px wide, opens the navigation from a menu button and scrolls nothing sideways', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signInOrUp(page, sluice.url, { name: 'Ada Lovelace', email: 'ada@example.com' });
    await page.getByRole('heading', { name: 'No connections yet' }).waitFor();
    expect(await horizontalOverflow(page)).toEqual([]);
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Open the menu' }).click();
    const sheet = page.getByRole('dialog', { name: 'Menu' });
    await sheet.getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
    expect(await sheet.count()).toBe(0);
    expect(await horizontalOverflow(page)).toEqual([]);

    await page.getByRole('button', { name: /^Account: Ada Lovelace/ }).click();
    await page.getByRole('menuitem', { name: 'Members and invitations' }).click();
    await page.getByRole('heading', { name: 'Account and members' }).waitFor();
    expect(await horizontalOverflow(page)).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
