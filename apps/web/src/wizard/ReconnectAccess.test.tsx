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
    expect(reauthorize).toHaveBeenCalledWith(pipedrive, { apiToken: 'new-token' });
    expect((await screen.findByRole('status')).textContent).toContain('Access to Pipedrive renewed');
  });

  it('says how the consent it came back from ended', () => {
    const { unmount } = render(<ReconnectPanel sides={[google]} needsReauth={false} returned={{ side: 'a', app: 'google-contacts', ok: true, credentialId: 'k1' }} onConnect={vi.fn()} onReauthorize={vi.fn()} />);
    expect(screen.getByRole('status').textContent).toContain('Access to Google Contacts renewed');
    unmount();
    render(<ReconnectPanel sides={[google]} needsReauth returned={{ side: 'a', app: 'google-contacts', ok: false, code: 'E_OAUTH_DENIED' }} onConnect={vi.fn()} onReauthorize={vi.fn()} />);
    expect(screen.getByRole('alert').textContent).toContain('You did not allow Sluice to use Google Contacts');
  });
});
