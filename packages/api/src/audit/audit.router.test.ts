import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COLLECTIONS } from '@sluice/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../root';
import { openTestEnv, type TestEnv } from '../testing/test-env';
import { AUDIT_EXPORT_BATCH } from './audit.router';

let clock = Date.UTC(2030, 0, 1, 12, 0, 0);
let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv({ workers: false, now: () => (clock += 1000) });
});
afterAll(async () => env.close());

/** An owner and an invited admin in one workspace, with two jsonl files. */
async function team(prefix: string) {
  const owner = await env.signUp(`${prefix}-owner@example.com`);
  const admin = await env.signUp(`${prefix}-admin@example.com`);
  const { token } = await owner.caller.members.invite({ email: admin.user.email, role: 'admin' });
  await admin.caller.invitations.accept({ token });
  const files = await env.filesOf(owner.user.workspaceId);
  await writeFile(join(files, 'a.jsonl'), '');
  await writeFile(join(files, 'b.jsonl'), '');
  return { owner, admin: { ...admin, caller: await env.as(admin.token) } };
}

const apps = { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } };

describe('audit log', () => {
  it('records changes to connections, members, invitations and the workspace, and manual actions, with who and when', async () => {
    const { owner, admin } = await team('audit-all');
    const connection = await owner.caller.connections.create({ name: 'CRM', apps });
    await owner.caller.connections.update({ id: connection.id, patch: { mode: 'b-to-a' } });
    await owner.caller.connections.start({ id: connection.id });
    await owner.caller.connections.syncNow({ id: connection.id });
    await owner.caller.connections.pause({ id: connection.id });
    await owner.caller.connections.resume({ id: connection.id });
    await admin.caller.members.setRole({ userId: admin.user.id, role: 'editor' });
    const invited = await owner.caller.members.invite({ email: 'later@example.com', role: 'viewer' });
    await owner.caller.invitations.revoke({ id: invited.id });
    await owner.caller.members.setRole({ userId: admin.user.id, role: 'viewer' });
    await owner.caller.workspace.rename({ name: 'Sales ops' });
    await owner.caller.connections.delete({ id: connection.id });

    const { entries, total } = await owner.caller.audit.list({ pageSize: 50 });
    const lines = entries.map((e) => `${e.actor.type === 'user' ? e.actor.email : e.actor.name}: ${e.action}: ${e.summary}`).reverse();
    expect(lines).toEqual([
      "audit-all-owner@example.com: workspace.created: Created the workspace “audit-all-owner's workspace” and became its owner.",
      'audit-all-owner@example.com: member.invited: Invited audit-all-admin@example.com as admin.',
      'audit-all-admin@example.com: member.joined: Joined the workspace as admin (by invitation).',
      'audit-all-owner@example.com: connection.created: Created the connection “CRM” (JSON Lines file ⇄ JSON Lines file).',
      'audit-all-owner@example.com: connection.updated: Changed the connection “CRM” (version 2).',
      'audit-all-owner@example.com: connection.started: Started syncing the connection “CRM”.',
      'audit-all-owner@example.com: connection.syncNow: Synced the connection “CRM” now (out of schedule).',
      'audit-all-owner@example.com: connection.paused: Paused the connection “CRM”.',
      'audit-all-owner@example.com: connection.resumed: Resumed the connection “CRM”.',
      'audit-all-admin@example.com: member.roleChanged: Changed the role of audit-all-admin@example.com from admin to editor.',
      'audit-all-owner@example.com: member.invited: Invited later@example.com as viewer.',
      'audit-all-owner@example.com: invitation.revoked: Revoked the invitation of later@example.com.',
      'audit-all-owner@example.com: member.roleChanged: Changed the role of audit-all-admin@example.com from editor to viewer.',
      "audit-all-owner@example.com: workspace.renamed: Renamed the workspace from “audit-all-owner's workspace” to “Sales ops”.",
      'audit-all-owner@example.com: connection.deleted: Deleted the connection “CRM”.',
    ]);
    expect(total).toBe(15);
    const update = entries.find((e) => e.action === 'connection.updated')!;
    expect(update.details).toEqual({ version: 2, changes: ['Changed the sync type from both ways to B → A only.'] });
    // Each entry carries the clock's time, one second apart (the test's clock ticks on every reading).
    const times = entries.map((e) => e.at);
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(new Set(times).size).toBe(times.length);
  });

  it('records credentials by label and app, never their secret', async () => {
    const { owner } = await team('audit-secret');
    const secretValue = 'sk-the-secret-never-logged-123';
    const added = await owner.caller.credentials.add({ app: 'sandbox-crm', label: 'CRM key', secret: { apiKey: secretValue } });
    await owner.caller.credentials.rename({ id: added.id, label: 'Main CRM key' });
    await owner.caller.credentials.reauthorize({ id: added.id, secret: { apiKey: `${secretValue}-2` } });
    await owner.caller.credentials.delete({ id: added.id });
    const { entries } = await owner.caller.audit.list({ targetType: 'credential' });
    expect(entries.map((e) => e.summary).reverse()).toEqual([
      'Added the sandbox-crm credential “CRM key”.',
      'Renamed the credential “CRM key” to “Main CRM key”.',
      'Gave the sandbox-crm credential “Main CRM key” a new key.',
      'Deleted the sandbox-crm credential “Main CRM key”.',
    ]);
    const raw = await env.store.db.collection(COLLECTIONS.auditLog).find({ workspaceId: owner.user.workspaceId }).toArray();
    expect(JSON.stringify(raw)).not.toContain(secretValue);
    expect(JSON.stringify(raw)).toContain('"fields":["apiKey"]');
  });

  it("filters by connection: the connection's own entries and those about its records, no other connection's", async () => {
    const { owner } = await team('audit-by-connection');
    const crm = await owner.caller.connections.create({ name: 'CRM', apps });
    const other = await owner.caller.connections.create({ name: 'Other', apps });
    await owner.caller.connections.pause({ id: other.id });
    const workspaceId = owner.user.workspaceId;
    // A record action names its connection in its details (history.router's resync, unlink, relink).
    await env.store.audit.append(workspaceId, { actor: { type: 'system', name: 'test' }, action: 'record.resynced', target: { type: 'record', id: 'p-1' }, summary: 'Resynced p-1.', details: { connectionId: crm.id } }, clock);
    await env.store.audit.append(workspaceId, { actor: { type: 'system', name: 'test' }, action: 'record.resynced', target: { type: 'record', id: 'p-2' }, summary: 'Resynced p-2.', details: { connectionId: other.id } }, clock);
    const { entries, total } = await owner.caller.audit.list({ connectionId: crm.id });
    expect(entries.map((e) => e.summary)).toEqual(['Resynced p-1.', 'Created the connection “CRM” (JSON Lines file ⇄ JSON Lines file).']);
    expect(total).toBe(2);
  });

  it('pages newest first and exports the whole log as JSON Lines, oldest first, in batches', async () => {
    const { owner } = await team('audit-export');
    const workspaceId = owner.user.workspaceId;
    for (let i = 0; i < AUDIT_EXPORT_BATCH + 2; i++) {
      await env.store.audit.append(workspaceId, { actor: { type: 'system', name: 'test' }, action: 'test.filled', target: { type: 'workspace', id: workspaceId }, summary: `entry ${i}` }, clock + 1 + i);
    }
    const page = await owner.caller.audit.list({ page: 1, pageSize: 3 });
    expect(page.total).toBe(AUDIT_EXPORT_BATCH + 5);
    expect(page.entries.map((e) => e.summary)).toEqual([`entry ${AUDIT_EXPORT_BATCH - 2}`, `entry ${AUDIT_EXPORT_BATCH - 3}`, `entry ${AUDIT_EXPORT_BATCH - 4}`]);
    const first = await owner.caller.audit.export({});
    expect(first.count).toBe(AUDIT_EXPORT_BATCH);
    expect(first.next).not.toBeNull();
    const second = await owner.caller.audit.export({ after: first.next! });
    expect(second).toMatchObject({ count: 5, next: null });
    const lines = (first.jsonl + second.jsonl).trimEnd().split('\n').map((l) => JSON.parse(l) as { action: string; summary: string; at: number; id: string; actor: unknown });
    expect(lines).toHaveLength(AUDIT_EXPORT_BATCH + 5);
    expect(lines.slice(0, 3).map((l) => l.action)).toEqual(['workspace.created', 'member.invited', 'member.joined']);
    expect(lines.at(-1)).toMatchObject({ summary: `entry ${AUDIT_EXPORT_BATCH + 1}`, actor: { type: 'system', name: 'test' } });
    expect(Object.keys(lines.at(-1)!).sort()).toEqual(['action', 'actor', 'at', 'id', 'summary', 'target']);
  });

  it('is append-only for the API: its procedures only read', () => {
    const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    const audit = Object.entries(procedures).filter(([path]) => path.startsWith('audit.'));
    expect(audit.map(([path, p]) => [path, p._def.type])).toEqual([
      ['audit.list', 'query'],
      ['audit.export', 'query'],
    ]);
  });
});
