import { describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AppAccess } from './AppAccess';
import { accessReady, type Access, type AppInfo, type SettingChoiceInfo } from './wizard.model';

const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>';
const pipedrive: AppInfo = { id: 'pipedrive', name: 'Pipedrive', logo: svg, auth: { kind: 'apiKey', help: 'Open Settings → Personal preferences → API.' } };

interface HarnessProps {
  app: AppInfo;
  onCheckKey: (secret: Record<string, string>) => Promise<{ id: string; label: string }>;
  oauth?: { configured: boolean; missing: string[] };
  onConnect?: () => Promise<void>;
  onLoadChoices?: (key: string, credentialId: string) => Promise<SettingChoiceInfo[]>;
  onAccess?: (access: Access) => void;
}

function Harness({ app, onCheckKey, oauth, onConnect, onLoadChoices, onAccess }: HarnessProps) {
  const [access, setAccess] = useState<Access>();
  const change = (next: Access) => {
    setAccess(next);
    onAccess?.(next);
  };
  return <AppAccess app={app} access={access} onChange={change} onCheckKey={onCheckKey} oauth={oauth} onConnect={onConnect} onLoadChoices={onLoadChoices} />;
}

const mailchimp: AppInfo = {
  id: 'mailchimp',
  name: 'Mailchimp',
  logo: svg,
  auth: { kind: 'apiKey', help: 'Profile → Extras → API keys.' },
  settings: [
    { key: 'listId', label: 'Audience', help: 'The audience this side syncs.', choices: 'account', required: true },
    {
      key: 'statusIfNew',
      label: 'New contacts are added as',
      choices: [
        { value: 'subscribed', label: 'Subscribed', help: 'No confirmation e-mail.' },
        { value: 'pending', label: 'Pending (double opt-in)', help: 'One confirmation e-mail per new contact.' },
      ],
      default: 'subscribed',
    },
  ],
};

const intercom: AppInfo = {
  id: 'intercom',
  name: 'Intercom',
  logo: svg,
  auth: {
    kind: 'apiKey',
    help: 'Developer Hub → your app → Authentication.',
    keySettings: [
      {
        key: 'region',
        label: 'Region',
        help: 'Where your workspace is hosted.',
        choices: [
          { value: 'us', label: 'United States', help: 'api.intercom.io' },
          { value: 'eu', label: 'Europe', help: 'api.eu.intercom.io' },
        ],
        default: 'us',
      },
    ],
  },
};

describe('AppAccess (wizard step 2)', () => {
  it('shows where to find the key and the app’s refusal inline', async () => {
    const check = vi.fn().mockRejectedValue(Object.assign(new Error('the token is not valid'), { data: { appCode: 'E_AUTH_REJECTED' } }));
    render(<Harness app={pipedrive} onCheckKey={check} />);
    expect(screen.getByText('Open Settings → Personal preferences → API.')).toBeDefined();
    const input = screen.getByLabelText('Pipedrive API key');
    expect(screen.getByRole('button', { name: 'Check key' })).toHaveProperty('disabled', true);
    await userEvent.type(input, 'bad-token{Enter}');
    expect(check).toHaveBeenCalledWith({ apiToken: 'bad-token' }, {});
    expect((await screen.findByRole('alert')).textContent).toContain('Pipedrive refused this key: the token is not valid');
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('says it could not reach the app, not that the app refused the key, when the network failed', async () => {
    const check = vi.fn().mockRejectedValue(Object.assign(new Error('Could not reach Pipedrive (network): the address name.invalid does not resolve (DNS).'), { data: { appCode: 'E_NETWORK' } }));
    render(<Harness app={pipedrive} onCheckKey={check} />);
    await userEvent.type(screen.getByLabelText('Pipedrive API key'), 'a-token{Enter}');
    const alert = (await screen.findByRole('alert')).textContent ?? '';
    expect(alert).toMatch(/^Could not reach Pipedrive \(network\): the address name\.invalid does not resolve \(DNS\)\. The key was not checked/);
    expect(alert).not.toContain('refused');
    expect(screen.getByLabelText('Pipedrive API key').getAttribute('aria-invalid')).toBeNull();
  });

  it('keeps the app address folded, refuses one that is not a web address at the field, and checks the key against a valid one', async () => {
    const check = vi.fn().mockResolvedValue({ id: 'k1', label: 'Pipedrive key' });
    render(<Harness app={pipedrive} onCheckKey={check} />);
    const address = screen.getByLabelText('App address');
    expect(address.closest('details')?.open).toBe(false);
    await userEvent.click(screen.getByText('Advanced: app address'));
    await userEvent.type(address, 'pipedrive.proxy.example');
    await userEvent.type(screen.getByLabelText('Pipedrive API key'), 'good{Enter}');
    expect(check).not.toHaveBeenCalled();
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Enter the whole address, starting with https:\/\//);
    expect(address.getAttribute('aria-invalid')).toBe('true');
    await userEvent.clear(address);
    await userEvent.type(address, 'https://pipedrive.proxy.example/api/v2');
    await userEvent.click(screen.getByRole('button', { name: 'Check key' }));
    expect(check).toHaveBeenCalledWith({ apiToken: 'good' }, { baseUrl: 'https://pipedrive.proxy.example/api/v2' });
    expect((await screen.findByRole('status')).textContent).toContain('Access granted (Pipedrive key)');
  });

  it('grants access once the key is accepted, and lets the user change it', async () => {
    const check = vi.fn().mockResolvedValue({ id: 'k1', label: 'Pipedrive key' });
    render(<Harness app={pipedrive} onCheckKey={check} />);
    await userEvent.type(screen.getByLabelText('Pipedrive API key'), 'good');
    await userEvent.click(screen.getByRole('button', { name: 'Check key' }));
    expect((await screen.findByRole('status')).textContent).toContain('Access granted (Pipedrive key)');
    await userEvent.click(screen.getByRole('button', { name: 'Use another key' }));
    expect(screen.getByLabelText('Pipedrive API key')).toBeDefined();
  });

  it('needs no key for a sandbox app and links its records, and asks a file app for its file', () => {
    const none = vi.fn();
    const { unmount } = render(<Harness app={{ id: 'sandbox-crm', name: 'Sandbox CRM', logo: svg, auth: { kind: 'none', help: 'No key needed.' } }} onCheckKey={none} />);
    expect(screen.getByText(/^No key needed\./)).toBeDefined();
    expect(screen.getByRole('link', { name: 'Open the Sandbox CRM records' }).getAttribute('href')).toBe('/sandbox/crm');
    expect(screen.queryByRole('textbox')).toBeNull();
    unmount();
    render(<Harness app={{ id: 'jsonl', name: 'JSON Lines file', logo: svg, auth: { kind: 'none' } }} onCheckKey={none} />);
    expect(screen.getByLabelText('File name')).toBeDefined();
  });

  it('never asks for OAuth tokens: with the OAuth client not set up, says so and names what the operator sets', () => {
    render(
      <Harness
        app={{ id: 'google-contacts', name: 'Google Contacts', logo: svg, auth: { kind: 'oauth2' } }}
        onCheckKey={vi.fn()}
        oauth={{ configured: false, missing: ['SLUICE_GOOGLE_CLIENT_ID', 'SLUICE_GOOGLE_CLIENT_SECRET'] }}
        onConnect={vi.fn()}
      />,
    );
    const note = screen.getByRole('note', { name: 'Google Contacts is not set up on this server' });
    expect(note.textContent).toContain('SLUICE_GOOGLE_CLIENT_ID and SLUICE_GOOGLE_CLIENT_SECRET');
    expect(note.textContent).toContain('/oauth/callback');
    expect(note.textContent).toContain('docs/operations.md');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button', { name: /Connect/ })).toBeNull();
  });

  it('offers "Connect with Google Contacts" when the operator configured it, and no token field', async () => {
    const connect = vi.fn().mockRejectedValue(new Error('Connecting Google Contacts needs the operator to set SLUICE_GOOGLE_CLIENT_ID'));
    render(<Harness app={{ id: 'google-contacts', name: 'Google Contacts', logo: svg, auth: { kind: 'oauth2' } }} onCheckKey={vi.fn()} oauth={{ configured: true, missing: [] }} onConnect={connect} />);
    expect(screen.queryByText('Paste tokens instead')).toBeNull();
    expect(screen.queryByRole('textbox')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Connect with Google Contacts' }));
    expect(connect).toHaveBeenCalledOnce();
    expect((await screen.findByRole('alert')).textContent).toContain('SLUICE_GOOGLE_CLIENT_ID');
    expect(screen.getByRole('button', { name: 'Connect with Google Contacts' })).toHaveProperty('disabled', false);
  });

  it('names the variables the operator must set, and keeps the key field, when OAuth is not configured', () => {
    const hubspot: AppInfo = { id: 'hubspot', name: 'HubSpot', logo: svg, auth: { kind: 'apiKey', help: 'Private app token.' } };
    render(<Harness app={hubspot} onCheckKey={vi.fn()} oauth={{ configured: false, missing: ['SLUICE_HUBSPOT_CLIENT_ID', 'SLUICE_HUBSPOT_CLIENT_SECRET'] }} onConnect={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Connect with HubSpot' })).toBeNull();
    const hint = screen.getByText(/the server.s operator must set/);
    expect(hint.textContent).toContain('SLUICE_HUBSPOT_CLIENT_ID and SLUICE_HUBSPOT_CLIENT_SECRET');
    expect(screen.getByLabelText('HubSpot API key')).toBeDefined();
  });

  it('offers both the consent and the key field for an API-key app with OAuth configured', () => {
    const pd: AppInfo = { ...pipedrive };
    render(<Harness app={pd} onCheckKey={vi.fn()} oauth={{ configured: true, missing: [] }} onConnect={vi.fn()} />);
    expect(screen.getByRole('button', { name: 'Connect with Pipedrive' })).toBeDefined();
    expect(screen.getByLabelText('Pipedrive API key')).toBeDefined();
  });

  it('asks for the audience read with the checked key, and says what each way of adding new contacts does', async () => {
    const check = vi.fn().mockResolvedValue({ id: 'k9', label: 'Mailchimp key' });
    const load = vi.fn().mockResolvedValue([
      { value: 'l1', label: 'Newsletter', help: '1,204 subscribed contacts' },
      { value: 'l2', label: 'Customers', help: '3 subscribed contacts' },
    ]);
    const seen: Access[] = [];
    render(<Harness app={mailchimp} onCheckKey={check} onLoadChoices={load} onAccess={(a) => seen.push(a)} />);
    expect(screen.queryByLabelText('Audience')).toBeNull();
    await userEvent.type(screen.getByLabelText('Mailchimp API key'), 'abc-us6{Enter}');
    const audience = await screen.findByRole('option', { name: 'Newsletter' });
    expect(load).toHaveBeenCalledWith('listId', 'k9');
    expect(accessReady(mailchimp, seen.at(-1))).toBe(false);
    await userEvent.selectOptions(screen.getByLabelText('Audience'), audience);
    expect(screen.getByText('1,204 subscribed contacts')).toBeDefined();
    expect(screen.getByText('No confirmation e-mail.')).toBeDefined();
    await userEvent.selectOptions(screen.getByLabelText('New contacts are added as'), 'pending');
    expect(screen.getByText('One confirmation e-mail per new contact.')).toBeDefined();
    expect(seen.at(-1)).toEqual({ credentialId: 'k9', credentialLabel: 'Mailchimp key', config: { listId: 'l1', statusIfNew: 'pending' } });
    expect(accessReady(mailchimp, seen.at(-1))).toBe(true);
    // Another key may see other audiences: the one chosen goes, how new contacts are added stays.
    await userEvent.click(screen.getByRole('button', { name: 'Use another key' }));
    expect(seen.at(-1)).toEqual({ config: { statusIfNew: 'pending' } });
  });

  it('offers "Connect with Outlook (Microsoft 365)" with its help, then asks for the contacts folder with the default one chosen', async () => {
    const outlook: AppInfo = {
      id: 'microsoft-365',
      name: 'Outlook (Microsoft 365)',
      logo: svg,
      auth: { kind: 'oauth2', help: 'Sign in with the Microsoft account whose contacts you sync.' },
      settings: [{ key: 'folderId', label: 'Contacts folder', help: 'The folder this side syncs.', choices: 'account', default: 'default' }],
    };
    const connect = vi.fn().mockResolvedValue(undefined);
    const { rerender } = render(<AppAccess app={outlook} access={undefined} onChange={vi.fn()} onCheckKey={vi.fn()} oauth={{ configured: true, missing: [] }} onConnect={connect} />);
    expect(screen.getByText('Sign in with the Microsoft account whose contacts you sync.')).toBeDefined();
    await userEvent.click(screen.getByRole('button', { name: 'Connect with Outlook (Microsoft 365)' }));
    expect(connect).toHaveBeenCalledOnce();
    // Back from Microsoft's consent with a credential: the folders are read with it.
    const load = vi.fn().mockResolvedValue([
      { value: 'default', label: 'Contacts (the default folder)' },
      { value: 'f1', label: 'Clients' },
    ]);
    const changes: Access[] = [];
    rerender(
      <AppAccess app={outlook} access={{ credentialId: 'k7', credentialLabel: 'Outlook (Microsoft 365) account', config: {} }} onChange={(a) => changes.push(a)} onCheckKey={vi.fn()} oauth={{ configured: true, missing: [] }} onLoadChoices={load} />,
    );
    await screen.findByRole('option', { name: 'Clients' });
    expect(load).toHaveBeenCalledWith('folderId', 'k7');
    expect((screen.getByLabelText('Contacts folder') as HTMLSelectElement).value).toBe('default');
    expect(accessReady(outlook, { credentialId: 'k7', config: {} })).toBe(true);
    await userEvent.selectOptions(screen.getByLabelText('Contacts folder'), 'f1');
    expect(changes.at(-1)).toMatchObject({ credentialId: 'k7', config: { folderId: 'f1' } });
    await userEvent.click(screen.getByRole('button', { name: 'Use another account' }));
    expect(changes.at(-1)).toEqual({ config: {} });
  });

  it('says why the audiences could not be read and reads them again on request', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('Cannot reach Mailchimp.')).mockResolvedValue([{ value: 'l1', label: 'Newsletter' }]);
    render(<Harness app={mailchimp} onCheckKey={vi.fn().mockResolvedValue({ id: 'k1', label: 'Mailchimp key' })} onLoadChoices={load} />);
    await userEvent.type(screen.getByLabelText('Mailchimp API key'), 'abc-us6{Enter}');
    expect((await screen.findByRole('alert')).textContent).toContain('Could not read the choices: Cannot reach Mailchimp.');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('option', { name: 'Newsletter' })).toBeDefined();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('asks for the region with an Intercom token and checks the token with it', async () => {
    const check = vi.fn().mockResolvedValue({ id: 'k2', label: 'Intercom token' });
    render(<Harness app={intercom} onCheckKey={check} />);
    const region = screen.getByLabelText('Region');
    expect((region as HTMLSelectElement).value).toBe('us');
    expect(screen.getByText('api.intercom.io')).toBeDefined();
    await userEvent.selectOptions(region, 'eu');
    expect(screen.getByText('api.eu.intercom.io')).toBeDefined();
    await userEvent.type(screen.getByLabelText('Intercom API key'), 'tok{Enter}');
    expect(check).toHaveBeenCalledWith({ apiKey: 'tok', region: 'eu' }, {});
    expect(await screen.findByText(/Access granted \(Intercom token\)/)).toBeDefined();
  });
});
