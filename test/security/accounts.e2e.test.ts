import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, startSluiceProcess, type SluiceProcess } from './sluice-process';

// Accounts on a real `sluice start` with the default settings, over real HTTP: who may sign up,
// sign-in limits that no URL spelling or batch escapes, the batch cap, role rights, sessions.
// Every request comes from 127.0.0.1, which may try 30 sign-ins (password checks) in 15 minutes and
// 10 sign-ups in an hour: the tests below use 29 and 8, and say where they spend them.

const PASSWORD = 'correct horse battery 9';
let sluice: SluiceProcess;
/** The first account, signed up before the tests, and its answer. */
let owner: BrowserSession;
let firstSignUp: Response;

beforeAll(async () => {
  sluice = await startSluiceProcess();
  owner = new BrowserSession(sluice.url);
  firstSignUp = await owner.call('auth.signUp', { email: 'owner@example.com', password: PASSWORD, name: 'Owner' });
}, 120_000);
afterAll(async () => sluice?.stop());

const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

/** Someone the owner invited with `role`, signed up through the link. */
async function invited(email: string, role: 'admin' | 'editor' | 'viewer'): Promise<BrowserSession> {
  const { token } = await owner.data<{ token: string }>('members.invite', { email, role });
  const person = new BrowserSession(sluice.url);
  await person.data('auth.signUp', { email, password: PASSWORD, name: role, inviteToken: token });
  return person;
}

describe('sign-up on a fresh install (default SLUICE_SIGNUP=invite)', () => {
  it('creates the first account as owner, then refuses everyone without an invitation with one answer, whatever the email', async () => {
    // Sign-ups: 1 (before the tests) + 2.
    expect(firstSignUp.status).toBe(200);
    expect((await owner.data<{ workspaces: { role: string }[] }>('auth.me', undefined, 'GET')).workspaces).toEqual([expect.objectContaining({ role: 'owner' })]);
    const visitor = new BrowserSession(sluice.url);
    const taken = await visitor.call('auth.signUp', { email: 'owner@example.com', password: PASSWORD, name: 'X' });
    const unknown = await visitor.call('auth.signUp', { email: 'stranger@example.com', password: PASSWORD, name: 'X' });
    expect([taken.status, unknown.status]).toEqual([403, 403]);
    const [takenText, unknownText] = [await taken.text(), await unknown.text()];
    expect(unknownText).toBe(takenText);
    expect(JSON.parse(takenText)).toMatchObject({ error: { message: 'Accounts on this Sluice are by invitation: ask an admin of your team for an invitation link.' } });
    expect(visitor.cookie).toBe('');
    expect((await visitor.data<{ signUp: string }>('auth.status', undefined, 'GET')).signUp).toBe('invite');
  });
});

describe('sign-in limits', () => {
  it('counts a percent-encoded procedure path against the same account lock, which then refuses the right password with a sentence', async () => {
    // Sign-ups: 1. Sign-ins: 6.
    await invited('lock@example.com', 'viewer');
    const visitor = new BrowserSession(sluice.url);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await visitor.call('auth%2EsignIn', { email: 'lock@example.com', password: `guess ${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const right = await visitor.call('auth.signIn', { email: 'lock@example.com', password: PASSWORD });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(await message(right)).toBe('Too many failed sign-ins; try again in 15 minutes.');
    expect(visitor.cookie).toBe('');
  });

  it('counts each call of a batch: of 20 sign-ins in one request, at most 5 passwords are checked', async () => {
    // Sign-ups: 1. Sign-ins: 21.
    await invited('batch@example.com', 'viewer');
    const visitor = new BrowserSession(sluice.url);
    const calls = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [String(i), { email: 'batch@example.com', password: `guess ${i}` }]));
    const res = await visitor.call(`${Array(20).fill('auth.signIn').join(',')}?batch=1`, calls);
    const codes = ((await res.json()) as { error?: { data: { httpStatus: number } } }[]).map((r) => r.error?.data.httpStatus);
    expect(codes.filter((c) => c === 401)).toHaveLength(4);
    expect(codes.filter((c) => c === 429)).toHaveLength(16);
    expect((await visitor.call('auth.signIn', { email: 'batch@example.com', password: PASSWORD })).status).toBe(429);
  });

  it('refuses a batch of more than 50 calls with 400 and a sentence, commas written plainly or percent-encoded', async () => {
    for (const comma of [',', '%2C']) {
      const res = await owner.call(`${Array(51).fill('auth.status').join(comma)}?batch=1`, undefined, 'GET');
      expect(res.status).toBe(400);
      expect(await message(res)).toBe('A batch may hold at most 50 calls; this one holds 51. Send them in several requests.');
    }
    expect((await owner.call(`${Array(50).fill('auth.status').join(',')}?batch=1`, undefined, 'GET')).status).toBe(200);
  });
});

describe('roles', () => {
  it("stops a viewer from pausing a connection, anyone but admins from replacing a credential's secret or deleting a template", async () => {
    // Sign-ups: 2.
    const apps = { a: { connector: 'sandbox-crm' }, b: { connector: 'sandbox-outreach' } };
    const connection = await owner.data<{ id: string }>('connections.create', { name: 'owned', apps, mode: 'two-way' });
    const template = await owner.data<{ id: string }>('templates.save', { connectionId: connection.id, name: 'kept' });
    const viewer = await invited('viewer@example.com', 'viewer');
    const editor = await invited('editor@example.com', 'editor');

    const pause = await viewer.call('connections.pause', { id: connection.id });
    expect([pause.status, await message(pause)]).toEqual([403, 'Only editors, admins and the owner of this workspace can do this; you are a viewer.']);
    const reauthorize = await editor.call('credentials.reauthorize', { id: 'any', secret: { apiToken: 'attacker' } });
    expect([reauthorize.status, await message(reauthorize)]).toEqual([403, 'Only admins and the owner of this workspace can do this; you are an editor.']);
    for (const member of [viewer, editor]) expect((await member.call('templates.delete', { id: template.id })).status).toBe(403);
    expect((await owner.call('templates.get', { id: template.id }, 'GET')).status).toBe(200);
    expect((await editor.call('connections.pause', { id: connection.id })).status).toBe(200);
  });
});

describe('sessions', () => {
  it('changes a password (ending the other sessions) and signs out everywhere', async () => {
    // Sign-ups: 1. Sign-ins (password checks): 2.
    const person = await invited('sessions@example.com', 'editor');
    const before = person.cookie;
    const stale = new BrowserSession(sluice.url);
    stale.cookie = before;
    expect((await person.call('auth.changePassword', { currentPassword: PASSWORD, newPassword: 'a whole new passphrase' })).status).toBe(200);
    expect(person.cookie).not.toBe(before);
    expect((await stale.call('auth.me', undefined, 'GET')).status).toBe(401);
    expect((await person.call('auth.me', undefined, 'GET')).status).toBe(200);

    const elsewhere = new BrowserSession(sluice.url);
    await elsewhere.data('auth.signIn', { email: 'sessions@example.com', password: 'a whole new passphrase' });
    expect(await elsewhere.data('auth.signOutEverywhere')).toEqual({ sessionsEnded: 2 });
    for (const session of [person, elsewhere]) expect((await session.call('auth.me', undefined, 'GET')).status).toBe(401);
  });
});
