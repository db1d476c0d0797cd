/**
 * Inputs for calling every tRPC procedure in access-control tests: the router tests
 * (`procedures.coverage.test.ts`, through `createCaller`) and the HTTP security suite (`test/security`).
 */

/** The owner's objects the tests aim at. */
export interface OwnerIds {
  connectionId: string;
  credentialId: string;
  templateId: string;
  invitationId: string;
  userId: string;
  personId: string;
  workspaceId: string;
}

/** Stand-ins while tests are collected, before the owner's objects exist. */
export const placeholderIds: OwnerIds = { connectionId: 'c', credentialId: 'k', templateId: 't', invitationId: 'i', userId: 'u', personId: 'p', workspaceId: 'w' };

/**
 * A valid input per procedure, aimed at the owner's objects, so that a refusal comes from access
 * control and not from the input's shape. Procedures without input are listed as `undefined`.
 */
export function procedureInputs(ids: OwnerIds): Record<string, unknown> {
  const c = ids.connectionId;
  return {
    'auth.me': undefined,
    'auth.signOutEverywhere': undefined,
    'auth.changePassword': { currentPassword: 'not the password', newPassword: 'a fresh passphrase 7' },
    'workspace.get': undefined,
    'workspace.rename': { name: 'x' },
    'members.list': undefined,
    'members.invite': { email: 'n@example.com' },
    'members.setRole': { userId: ids.userId, role: 'viewer' },
    'members.transferOwnership': { userId: ids.userId },
    'members.remove': { userId: ids.userId },
    'members.leave': undefined,
    'invitations.list': undefined,
    'invitations.revoke': { id: ids.invitationId },
    'invitations.peek': { token: 'not-a-real-invitation-token' },
    'invitations.accept': { token: 'not-a-real-invitation-token' },
    'workspace.switch': { workspaceId: ids.workspaceId },
    'apps.list': undefined,
    'apps.get': { id: 'jsonl' },
    'apps.fields': { id: 'jsonl' },
    'apps.settingChoices': { id: 'mailchimp', key: 'listId', credentialId: ids.credentialId },
    'apps.defaultMapping': { a: 'jsonl', b: 'sandbox-crm' },
    'apps.checkMapping': { a: 'jsonl', b: 'sandbox-crm', mapping: { a: 'email', b: 'email', direction: 'both' } },
    'credentials.list': undefined,
    'credentials.oauthApps': undefined,
    'credentials.add': { app: 'jsonl', label: 'x', secret: { k: 'v' } },
    'credentials.reauthorize': { id: ids.credentialId, secret: { apiToken: 'x' } },
    'credentials.rename': { id: ids.credentialId, label: 'x' },
    'credentials.delete': { id: ids.credentialId },
    'connections.list': undefined,
    'connections.get': { id: c },
    'connections.create': { name: 'x', apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } } },
    'connections.update': { id: c, patch: { name: 'renamed' } },
    'connections.start': { id: c },
    'connections.pause': { id: c },
    'connections.resume': { id: c },
    'connections.syncNow': { id: c },
    'connections.delete': { id: c },
    'connections.status': { id: c },
    'graphs.save': {
      connectionId: c,
      direction: 'aToB',
      graph: { format: 'sluice.graph/v1', name: 'g', source: { app: 'jsonl' }, target: { app: 'jsonl' }, nodes: [{ id: 'in', kind: 'source' }, { id: 'out', kind: 'sync' }], edges: [{ from: 'in', to: 'out' }] },
    },
    'graphs.versions': { connectionId: c, direction: 'aToB' },
    'graphs.get': { connectionId: c, direction: 'aToB' },
    'graphs.validate': { graph: {}, connectionId: c },
    'graphs.diff': { connectionId: c, direction: 'aToB', from: 1, to: 1 },
    'preview.run': { connectionId: c },
    'history.runs': { connectionId: c },
    'history.run': { connectionId: c, runId: 'r1' },
    'history.events': { connectionId: c },
    'history.health': { connectionId: c },
    'history.records': { connectionId: c },
    'history.record': { connectionId: c, side: 'a', recordId: 'a1' },
    'history.resync': { connectionId: c, side: 'a', recordId: 'a1' },
    'history.unlink': { connectionId: c, aId: 'a1' },
    'history.relink': { connectionId: c, aId: 'a1', bId: 'b1' },
    'templates.gallery': { connectionId: c },
    'templates.export': { connectionId: c },
    'templates.import': { connectionId: c, galleryId: 'skip-unsubscribed' },
    'templates.check': { connectionId: c, galleryId: 'skip-unsubscribed' },
    'templates.save': { connectionId: c, name: 'x' },
    'templates.list': undefined,
    'templates.get': { id: ids.templateId },
    'templates.delete': { id: ids.templateId },
    'sandbox.seed': undefined,
    'sandbox.crm.list': undefined,
    'sandbox.crm.get': { id: ids.personId },
    'sandbox.crm.create': { firstName: 'New' },
    'sandbox.crm.update': { id: ids.personId, patch: { firstName: 'Changed' } },
    'sandbox.crm.delete': { id: ids.personId },
    'sandbox.crm.deals': { personId: ids.personId },
    'sandbox.crm.addDeal': { personId: ids.personId, deal: { title: 'd', value: 1 } },
    'sandbox.crm.updateDeal': { dealId: 'd-unknown', patch: { status: 'won' } },
    'sandbox.outreach.list': undefined,
    'sandbox.outreach.get': { id: 'w-unknown' },
    'sandbox.outreach.create': { email: 'p@example.com' },
    'sandbox.outreach.update': { id: 'w-unknown', patch: { firstName: 'x' } },
    'sandbox.outreach.delete': { id: 'w-unknown' },
    'live.connections': { connectionId: c },
    'live.runProgress': { connectionId: c },
    'versions.list': { connectionId: c },
    'versions.get': { connectionId: c, version: 1 },
    'versions.diff': { connectionId: c, from: 1, to: 1 },
    'versions.restore': { connectionId: c, version: 1 },
    'audit.list': {},
    'audit.export': {},
    'alerts.get': undefined,
    'alerts.update': { emails: ['ops@example.com'], webhookUrl: '', failureShare: 0.1 },
    'alerts.test': { emails: [], webhookUrl: '' },
  };
}


/** Procedures that act on one of the owner's objects: from another workspace they must answer NOT_FOUND. */
export const scopedProcedures = [
  'connections.get',
  'connections.update',
  'connections.start',
  'connections.pause',
  'connections.resume',
  'connections.syncNow',
  'connections.delete',
  'connections.status',
  'apps.settingChoices',
  'credentials.reauthorize',
  'credentials.rename',
  'credentials.delete',
  'graphs.save',
  'graphs.versions',
  'graphs.get',
  'graphs.validate',
  'graphs.diff',
  'preview.run',
  'history.runs',
  'history.run',
  'history.events',
  'history.health',
  'history.records',
  'history.record',
  'history.resync',
  'history.unlink',
  'history.relink',
  'templates.gallery',
  'templates.export',
  'templates.import',
  'templates.check',
  'templates.save',
  'templates.get',
  'templates.delete',
  'workspace.switch',
  'members.setRole',
  'members.transferOwnership',
  'members.remove',
  'invitations.revoke',
  'sandbox.crm.get',
  'sandbox.crm.update',
  'sandbox.crm.delete',
  'sandbox.crm.addDeal',
  'live.connections',
  'live.runProgress',
  'versions.list',
  'versions.get',
  'versions.diff',
  'versions.restore',
];

/** Procedures anyone may call without a session. */
export const publicProcedures = new Set(['auth.status', 'auth.signUp', 'auth.signIn', 'auth.signOut', 'invitations.peek']);
