import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunningSluice } from '@sluice/server';
import { collectConsoleErrors, seriousA11yViolations } from './page-checks';
import { callApi, screenshotOnFailure, signUpFirstAccount, startSluiceSession, type SluiceSession } from './sluice-session';

/**
 * The account page in Chromium against a real server (sign-up by invitation only, the default): the
 * owner invites a teammate, the teammate joins through the link's page, roles shape what each sees,
 * the API's refusal reads as its sentence, the password changes and signing out everywhere ends the
 * other browser's session.
 */
let session: SluiceSession | undefined;
let sluice: RunningSluice;
let owner: Page;
let mateContext: BrowserContext;
let mate: Page;
let consoleErrors: string[];
let mateErrors: string[];

beforeAll(async () => {
  session = await startSluiceSession({ env: { ...process.env, LOG_LEVEL: 'silent', SLUICE_SIGNUP: 'invite' } });
  ({ sluice, page: owner } = session);
  consoleErrors = collectConsoleErrors(owner);
  mateContext = await session.browser.newContext({ viewport: { width: 390, height: 844 } });
  mate = await mateContext.newPage();
  mateErrors = collectConsoleErrors(mate);
});

afterEach(async (ctx) => {
  await screenshotOnFailure(owner, ctx);
});

afterAll(async () => {
  await session?.close();
});

async function inviteFromAccountPage(page: Page, email: string, role: string): Promise<string> {
  const invitations = page.getByRole('region', { name: 'Invitations' });
  await invitations.getByLabel('Email to invite').fill(email);
  await invitations.getByLabel('Role').selectOption({ label: role });
  await invitations.getByRole('button', { name: 'Invite' }).click();
  const link = invitations.getByRole('status').locator('code');
  await link.waitFor();
  return link.innerText();
}

describe('account page and joining (Chromium)', () => {
  it('the owner invites by link; a stranger cannot sign up but the invited person joins with the link and appears as a member', async () => {
    await signUpFirstAccount(owner, sluice.url, { name: 'Olga Owner', email: 'olga@example.com' });
    await owner.getByRole('button', { name: /^Account: Olga Owner/ }).click();
    await owner.getByRole('menuitem', { name: 'Members and invitations' }).click();
    await owner.getByRole('heading', { name: 'Account and members' }).waitFor();

    // A form problem reads as a sentence at its field, and nothing is sent.
    await owner.getByRole('region', { name: 'Invitations' }).getByRole('button', { name: 'Invite' }).click();
    await owner.getByText('Enter the email address of the person to invite.').waitFor();

    const link = await inviteFromAccountPage(owner, 'mia@example.com', 'Viewer');
    expect(link).toMatch(/\/join\?token=/);
    await inviteFromAccountPage(owner, 'gone@example.com', 'Editor');
    const open = owner.getByRole('list', { name: 'Open invitations' });
    await expect.poll(() => open.innerText()).toContain('gone@example.com');
    await owner.getByRole('button', { name: 'Revoke the invitation of gone@example.com' }).click();
    await expect.poll(() => open.innerText()).not.toContain('gone@example.com');
    expect(await open.innerText()).toContain('mia@example.com');
    expect(await seriousA11yViolations(owner)).toEqual([]);

    // Invitation-only: the sign-in page offers no sign-up, and says how to get in.
    await mate.goto(`${sluice.url}/connections`);
    await mate.getByRole('heading', { name: 'Sign in to Sluice' }).waitFor();
    await mate.getByText('Accounts are by invitation here').waitFor();
    expect(await mate.getByRole('button', { name: /Create account/ }).count()).toBe(0);

    await mate.goto(link);
    await mate.getByRole('heading', { name: "Join Olga Owner's workspace" }).waitFor();
    expect(await mate.locator('.auth-card').innerText()).toContain('Olga Owner invited mia@example.com as Viewer');
    await mate.getByLabel('Your name').fill('Mia Mate');
    await mate.getByLabel('Password').fill('x');
    await mate.getByRole('button', { name: 'Create account and join' }).click();
    await mate.getByText('Use at least 8 characters.').waitFor();
    await mate.getByLabel('Password').fill('a good password');
    await mate.getByRole('button', { name: 'Create account and join' }).click();
    await mate.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();
    expect(await seriousA11yViolations(mate)).toEqual([]);

    // The link worked once.
    await mate.goto(link);
    await mate.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor();

    await owner.reload();
    await owner.getByRole('region', { name: 'Members' }).getByText('mia@example.com').waitFor();
    expect(await owner.getByRole('list', { name: 'Open invitations' }).count()).toBe(0);
  });

  it('a viewer sees no invitations or role controls; a role the owner gives shows after a reload, and a refusal reads as the API sentence', async () => {
    await mate.goto(`${sluice.url}/account`);
    await mate.getByRole('heading', { name: 'Account and members' }).waitFor();
    expect(await mate.locator('.page-header').innerText()).toContain('Viewer of');
    expect(await mate.getByRole('region', { name: 'Invitations' }).count()).toBe(0);
    expect(await mate.getByRole('combobox', { name: /^Role of/ }).count()).toBe(0);
    expect(await mate.getByRole('button', { name: 'Remove' }).count()).toBe(0);

    await owner.goto(`${sluice.url}/account`);
    await owner.getByRole('combobox', { name: 'Role of Mia Mate' }).selectOption({ label: 'Admin' });
    // The toast and its screen-reader status both say it.
    await owner.getByText('Role changed to Admin').first().waitFor();

    await mate.reload();
    await mate.getByRole('region', { name: 'Invitations' }).waitFor();
    expect(await mate.getByRole('combobox', { name: 'Role of Olga Owner' }).count()).toBe(0);

    // The owner takes the admin role back while the mate's page still shows the invitation form.
    const members = await callApi<{ userId: string; email: string }[]>(owner, 'members.list', undefined);
    const mia = members.find((m) => m.email === 'mia@example.com');
    await callApi(owner, 'members.setRole', { userId: mia?.userId, role: 'viewer' }, 'mutation');
    await mate.getByRole('region', { name: 'Invitations' }).getByLabel('Email to invite').fill('late@example.com');
    await mate.getByRole('region', { name: 'Invitations' }).getByRole('button', { name: 'Invite' }).click();
    await mate.getByText('Not invited: Only admins and the owner of this workspace can do this; you are a viewer.').waitFor();
  });

  it('changes the password (a wrong current one is refused in words) and signs out everywhere, ending the other browser too', async () => {
    await mate.goto(`${sluice.url}/account#password`);
    const form = mate.getByRole('region', { name: 'Password' });
    await form.getByLabel('Current password').fill('not the password');
    await form.getByLabel('New password', { exact: true }).fill('another good passphrase');
    await form.getByLabel('New password again').fill('another good passphrase');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByText('Not changed: The current password is not right.').waitFor();
    await form.getByLabel('Current password').fill('a good password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await mate.getByText('Password changed', { exact: true }).waitFor();

    // A second browser signed in as the mate, with the new password.
    const other = await session!.browser.newContext();
    const second = await other.newPage();
    await second.goto(`${sluice.url}/connections`);
    await second.getByLabel('Email').fill('mia@example.com');
    await second.getByLabel('Password').fill('another good passphrase');
    await second.getByRole('button', { name: 'Sign in', exact: true }).click();
    await second.getByRole('heading', { name: 'Connections', level: 1 }).waitFor();

    await mate.getByRole('button', { name: /^Account: Mia Mate/ }).click();
    await mate.getByRole('menuitem', { name: 'Sign out everywhere…' }).click();
    await mate.getByRole('dialog', { name: 'Sign out everywhere?' }).getByRole('button', { name: 'Sign out everywhere' }).click();
    await mate.getByRole('heading', { name: 'Sign in to Sluice' }).waitFor();
    await second.reload();
    await second.getByRole('heading', { name: 'Sign in to Sluice' }).waitFor();
    await other.close();
    expect(consoleErrors).toEqual([]);
    // The mate's refusals (a used link, a lost role, a wrong password) are answers Chromium logs as
    // failed loads; anything else would be a fault.
    expect(mateErrors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e))).toEqual([]);
  });
});
