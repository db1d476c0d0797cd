import { describe, expect, it } from 'vitest';
import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AppPicker } from './AppPicker';
import type { AppInfo } from './wizard.model';

const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>';
const apps: AppInfo[] = [
  { id: 'hubspot', name: 'HubSpot', logo: svg, auth: { kind: 'apiKey' } },
  { id: 'pipedrive', name: 'Pipedrive', logo: svg, auth: { kind: 'apiKey' } },
  { id: 'sandbox-crm', name: 'Sandbox CRM', logo: svg, auth: { kind: 'none' } },
];

function Harness() {
  const [value, setValue] = useState<string>();
  return (
    <>
      <AppPicker label="App A" apps={apps} value={value} onChange={setValue} />
      <output data-testid="picked">{value ?? ''}</output>
    </>
  );
}

describe('AppPicker (wizard step 1)', () => {
  it('lists apps with logos and filters them as the user types', async () => {
    render(<Harness />);
    const group = screen.getByRole('radiogroup', { name: 'App A' });
    expect(group.querySelectorAll('img.app-logo')).toHaveLength(3);
    await userEvent.type(screen.getByLabelText('Search apps for App A'), 'pipe');
    expect(screen.getAllByRole('radio').map((r) => (r as HTMLInputElement).value)).toEqual(['pipedrive']);
    await userEvent.clear(screen.getByLabelText('Search apps for App A'));
    await userEvent.type(screen.getByLabelText('Search apps for App A'), 'zzz');
    expect(screen.getByText(/No app matches/)).toBeDefined();
  });

  it('picks an app from the keyboard and with the mouse', async () => {
    render(<Harness />);
    await userEvent.tab();
    expect(document.activeElement).toBe(screen.getByLabelText('Search apps for App A'));
    await userEvent.tab();
    await userEvent.keyboard(' ');
    expect(screen.getByTestId('picked').textContent).toBe('hubspot');
    await userEvent.click(screen.getByText('Sandbox CRM'));
    expect(screen.getByTestId('picked').textContent).toBe('sandbox-crm');
    expect(screen.getByText('no key needed')).toBeDefined();
  });
});
