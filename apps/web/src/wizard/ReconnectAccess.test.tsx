import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReconnectPanel, type ReconnectSide } from './ReconnectAccess';

const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>';
const google: ReconnectSide = { side: 'a', app: { id: 'google-contacts', name: 'Google Contacts', logo: svg, auth: { kind: 'oauth2' } }, credentialId: 'k1', oauth: { configured: true, missing: [] } };
const pipedrive: ReconnectSide = { side: 'b', app: { id: 'pipedrive', name: 'Pipedrive', logo: svg, auth: { kind: 'apiKey' } }, credentialId: 'k2', oauth: { configured: false, missing: ['SLUICE_PIPEDRIVE_CLIENT_ID'] } };

describe('ReconnectPanel (Needs new access)', () => {
  it('shows nothing while the connection has access', () => {
    const { container } = render(<ReconnectPanel sides={[google, pipedrive]} needsReauth={false} returned={null} onConnect={vi.fn()} onReauthorize={vi.fn()} />);
    expect(container.innerHTML).toBe('');
  });

  it('offers the consent where configured and a new key elsewhere, renewing the same credentials', async () => {
    const connect = vi.fn().mockResolvedValue(undefined);
    const reauthorize = vi.fn().mockResolvedValue(undefined);
    render(<ReconnectPanel sides={[google, pipedrive]} needsReauth returned={null} onConnect={connect} onReauthorize={reauthorize} />);
    await userEvent.click(screen.getByRole('button', { name: 'Reconnect Google Contacts' }));
    expect(connect).toHaveBeenCalledWith(google);
    await userEvent.type(screen.getByLabelText('Pipedrive API key'), 'new-token{Enter}');
    expect(reauthorize).toHaveBeenCalledWith(pipedrive, { apiToken: 'new-token' }, undefined);
    expect((await screen.findByRole('status')).textContent).toContain('Access to Pipedrive renewed');
  });

  it('never asks for tokens for an OAuth app whose consent the operator has not set up', () => {
    const unconfigured: ReconnectSide = { ...google, oauth: { configured: false, missing: ['SLUICE_GOOGLE_CLIENT_ID', 'SLUICE_GOOGLE_CLIENT_SECRET'] } };
    render(<ReconnectPanel sides={[unconfigured]} needsReauth returned={null} onConnect={vi.fn()} onReauthorize={vi.fn()} />);
    const note = screen.getByRole('note', { name: 'Google Contacts is not set up on this server' });
    expect(note.textContent).toContain('SLUICE_GOOGLE_CLIENT_ID and SLUICE_GOOGLE_CLIENT_SECRET');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(document.querySelector('input[type=password]')).toBeNull();
    expect(screen.queryByRole('button', { name: /Reconnect/ })).toBeNull();
  });

  it('renews a key app’s consent credential by consent or a new key, and a key bound to another address with that address asked again', async () => {
    const reauthorize = vi.fn().mockResolvedValue(undefined);
    const byConsent: ReconnectSide = { ...pipedrive, oauth: { configured: true, missing: [] }, viaConsent: true };
    const { unmount } = render(<ReconnectPanel sides={[byConsent]} needsReauth returned={null} onConnect={vi.fn()} onReauthorize={reauthorize} />);
    expect(screen.getByRole('button', { name: 'Reconnect Pipedrive' })).toBeDefined();
    expect(screen.getByLabelText('Pipedrive API key')).toBeDefined();
    unmount();

    render(<ReconnectPanel sides={[{ ...pipedrive, boundElsewhere: true }]} needsReauth returned={null} onConnect={vi.fn()} onReauthorize={reauthorize} />);
    expect(screen.queryByRole('button', { name: 'Reconnect Pipedrive' })).toBeNull();
    const address = screen.getByLabelText('App address');
    expect(address.closest('details')?.open).toBe(true);
    await userEvent.type(address, 'https://pipedrive.proxy.example/api/v2');
    await userEvent.type(screen.getByLabelText('Pipedrive API key'), 'next{Enter}');
    expect(reauthorize).toHaveBeenCalledWith({ ...pipedrive, boundElsewhere: true }, { apiToken: 'next' }, 'https://pipedrive.proxy.example/api/v2');
  });

  it('says how the consent it came back from ended', () => {
    const { unmount } = render(<ReconnectPanel sides={[google]} needsReauth={false} returned={{ side: 'a', app: 'google-contacts', ok: true, credentialId: 'k1' }} onConnect={vi.fn()} onReauthorize={vi.fn()} />);
    expect(screen.getByRole('status').textContent).toContain('Access to Google Contacts renewed');
    unmount();
    render(<ReconnectPanel sides={[google]} needsReauth returned={{ side: 'a', app: 'google-contacts', ok: false, code: 'E_OAUTH_DENIED' }} onConnect={vi.fn()} onReauthorize={vi.fn()} />);
    expect(screen.getByRole('alert').textContent).toContain('You did not allow Sluice to use Google Contacts');
  });
});
