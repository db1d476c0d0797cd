import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberRole } from '@sluice/store';
import { openTestEnv, type TestEnv } from '../testing/test-env';

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv({ workers: false });
});
afterAll(async () => env.close());

/** An owner's workspace with one member per role given; callers signed in to that workspace. */
async function team(name: string, roles: Exclude<MemberRole, 'owner'>[]) {
  const owner = await env.signUp(`${name}-owner@example.com`);
  const people = [];
  for (const [i, role] of roles.entries()) {
    const person = await env.signUp(`${name}-${role}${i}@example.com`);
    const { token } = await owner.caller.members.invite({ email: person.user.email, role });
    await person.caller.invitations.accept({ token });
    people.push({ ...person, caller: await env.as(person.token) });
  }
  return { owner, people };
}

describe('members', () => {
  it('lists the people of the workspace with their roles, marking the caller', async () => {
    const { owner, people } = await team('list', ['viewer']);
    const list = await people[0]!.caller.members.list();
    expect(list).toEqual([
      expect.objectContaining({ userId: owner.user.id, email: 'list-owner@example.com', role: 'owner', you: false }),
      expect.objectContaining({ userId: people[0]!.user.id, email: 'list-viewer0@example.com', role: 'viewer', you: true }),
    ]);
  });

  it('lets an admin invite, change roles and remove people, but never touch the owner', async () => {
    const { owner, people } = await team('admin', ['admin', 'editor']);
    const [admin, editor] = people as [(typeof people)[0], (typeof people)[0]];
    const invite = await admin.caller.members.invite({ email: 'new@example.com', role: 'viewer' });
    expect(invite).toMatchObject({ email: 'new@example.com', role: 'viewer' });
    await expect(admin.caller.members.invite({ email: editor.user.email })).rejects.toMatchObject({ code: 'CONFLICT', message: `${editor.user.email} is already a member of this workspace.` });
    expect(await admin.caller.members.setRole({ userId: editor.user.id, role: 'viewer' })).toEqual({ userId: editor.user.id, role: 'viewer' });
    expect((await (await env.as(editor.token)).workspace.get()).role).toBe('viewer');
    await expect(admin.caller.members.setRole({ userId: owner.user.id, role: 'viewer' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: "The owner's role changes only when the owner hands the workspace to someone else.",
    });
    await expect(admin.caller.members.setRole({ userId: editor.user.id, role: 'owner' as never })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.caller.members.remove({ userId: owner.user.id })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('The owner cannot be removed') });
    await expect(admin.caller.members.transferOwnership({ userId: admin.user.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await admin.caller.members.remove({ userId: editor.user.id })).toEqual({ removed: true });
    await expect(admin.caller.members.remove({ userId: editor.user.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await owner.caller.members.list()).map((m) => m.role)).toEqual(['owner', 'admin']);
  });

  it('hands the workspace over: the new owner is the only owner, the old one an admin', async () => {
    const { owner, people } = await team('handover', ['editor']);
    const heir = people[0]!;
    await expect(owner.caller.members.transferOwnership({ userId: owner.user.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await owner.caller.members.transferOwnership({ userId: heir.user.id })).toEqual({ owner: heir.user.id });
    const roles = Object.fromEntries((await heir.caller.members.list()).map((m) => [m.email, m.role]));
    expect(roles).toEqual({ 'handover-owner@example.com': 'admin', 'handover-editor0@example.com': 'owner' });
    // The former owner's session already works with the new role.
    await expect((await env.as(owner.token)).members.transferOwnership({ userId: owner.user.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets a member leave (the session moves to their own workspace), but not the owner', async () => {
    const { owner, people } = await team('leave', ['editor']);
    const leaver = people[0]!;
    expect(await leaver.caller.members.leave()).toEqual({ left: true });
    expect((await (await env.as(leaver.token)).workspace.get()).id).toBe(leaver.user.workspaceId);
    expect((await owner.caller.members.list()).map((m) => m.userId)).toEqual([owner.user.id]);
    await expect(owner.caller.members.leave()).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'The owner cannot leave; hand the workspace to another member first.' });
  });

  it('lists and revokes open invitations; a revoked link no longer works', async () => {
    const { owner } = await team('invites', []);
    const invite = await owner.caller.members.invite({ email: 'later@example.com', role: 'admin' });
    expect(await owner.caller.invitations.list()).toEqual([expect.objectContaining({ id: invite.id, email: 'later@example.com', role: 'admin' })]);
    expect(await owner.caller.invitations.revoke({ id: invite.id })).toEqual({ revoked: true });
    expect(await owner.caller.invitations.list()).toEqual([]);
    await expect(env.anonymous().invitations.peek({ token: invite.token })).rejects.toMatchObject({ message: expect.stringContaining('unknown, used or expired') });
  });

  it('keeps the role of someone who is already a member when they follow a new link', async () => {
    const { owner } = await team('again', []);
    // An invitation made before they joined by another link.
    const early = await owner.caller.members.invite({ email: 'late-joiner@example.com', role: 'viewer' });
    const second = await owner.caller.members.invite({ email: 'late-joiner@example.com', role: 'admin' });
    const joiner = await env.signUp('late-joiner@example.com');
    await joiner.caller.invitations.accept({ token: second.token });
    const again = await (await env.as(joiner.token)).invitations.accept({ token: early.token });
    expect(again).toEqual({ workspaceId: owner.user.workspaceId, role: 'admin' });
  });
});
