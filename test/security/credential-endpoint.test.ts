import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WoodpeckerFake } from '../fakes/woodpecker.fake';
import { BrowserSession, startSluiceProcess, type SluiceProcess } from './sluice-process';

// Issue 18, finding 5: a member (now an editor, who may preview) ran a preview on an unsaved draft that reused the owner's Woodpecker
// key with `baseUrl` set to their own server, which received the key (HTTP Basic). A credential's
// address is now fixed when it is added; a connection or a draft naming another one is refused before
// anything is sent. A real server; the "attacker" is a local HTTP server that records what reaches it.

let sluice: SluiceProcess;
let wood: WoodpeckerFake;
let attacker: Server;
let attackerUrl = '';
const reachedAttacker: IncomingHttpHeaders[] = [];
let ownerSession: BrowserSession;
let member: BrowserSession;
let credentialId = '';

beforeAll(async () => {
  wood = new WoodpeckerFake();
  await wood.server.start();
  attacker = createServer((req, res) => {
    reachedAttacker.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  // Both Woodpecker and the attacker are on 127.0.0.1, so private URLs are allowed: only the binding stands between them.
  sluice = await startSluiceProcess({ SLUICE_ALLOW_PRIVATE_URLS: '1' });
  ownerSession = new BrowserSession(sluice.url);
  await ownerSession.data('auth.signUp', { email: 'owner@endpoint.test', password: 'a good password 42', name: 'Owner' });
  credentialId = (await ownerSession.data<{ id: string }>('credentials.add', { app: 'woodpecker', label: 'Owner WP', secret: { apiKey: 'wp-key' }, config: { baseUrl: wood.server.url } })).id;
  const invitation = await ownerSession.data<{ token: string }>('members.invite', { email: 'member@endpoint.test', role: 'editor' });
  member = new BrowserSession(sluice.url);
  await member.data('auth.signUp', { email: 'member@endpoint.test', password: 'a good password 42', name: 'Member', inviteToken: invitation.token });
});
afterAll(async () => {
  await sluice?.stop();
  await wood?.server.stop();
  attacker?.closeAllConnections();
  await new Promise((r) => attacker?.close(r));
});

const draftWith = (config: Record<string, unknown>) => ({
  apps: { a: { connector: 'woodpecker', config, credentialId }, b: { connector: 'sandbox-outreach', config: {} } },
  mode: 'a-to-b',
});

async function refusal(res: Response): Promise<string> {
  const body = (await res.json()) as { error?: { message: string; data?: { appCode?: string } } };
  expect(res.status, JSON.stringify(body)).toBe(400);
  expect(body.error?.data?.appCode).toBe('E_CREDENTIAL_ENDPOINT');
  return body.error!.message;
}

describe("a member reusing the owner's credential with another address", () => {
  it('cannot preview a draft that points the key at their own server: refused with a sentence, nothing sent there', async () => {
    for (const key of ['baseUrl', 'apiBaseUrl', 'url']) {
      const res = await member.call('preview.run', { draft: draftWith({ [key]: `${attackerUrl}/rest/v1` }) }, 'GET');
      expect(await refusal(res)).toBe(
        `This connection would send its Woodpecker credential to ${attackerUrl}/rest/v1, but the credential was added for ${wood.server.url}. A credential's address is fixed when it is added: add a credential for ${attackerUrl}/rest/v1 instead.`,
      );
    }
    expect(reachedAttacker).toEqual([]);
  });

  it('cannot save such a connection either', async () => {
    const res = await member.call('connections.create', { name: 'mine', ...draftWith({ baseUrl: attackerUrl }) });
    await refusal(res);
    expect(reachedAttacker).toEqual([]);
  });

  it('previews with the credential at the address it was added for, where the key goes and nowhere else', async () => {
    wood.server.clear();
    const res = await member.call('preview.run', { draft: draftWith({}) }, 'GET');
    expect(res.status, await res.clone().text()).toBe(200);
    const sentKey = wood.server.log.filter((r) => r.headers.authorization === `Basic ${Buffer.from('wp-key:').toString('base64')}`);
    expect(sentKey.length).toBeGreaterThan(0);
    expect(reachedAttacker).toEqual([]);
  });

  it('cannot plant a token or base URL in a secret it adds', async () => {
    for (const field of ['tokenUrl', 'apiBaseUrl', 'apiDomain']) {
      const res = await member.call('credentials.add', { app: 'woodpecker', label: 'planted', secret: { apiKey: 'wp-key', [field]: attackerUrl } });
      const body = (await res.json()) as { error?: { message: string; data?: { appCode?: string } } };
      expect(res.status).toBe(400);
      expect(body.error?.data?.appCode).toBe('E_SECRET_FIELD');
      expect(body.error?.message).toContain(`"${field}" cannot be part of a secret`);
    }
    expect(reachedAttacker).toEqual([]);
  });
});
