import { describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FieldCatalog } from '@sluice/graph';
import { MappingEditor, type MappingCheck } from './MappingEditor';
import type { MappingSpec, SyncMode } from './settings.model';

const a: FieldCatalog = [
  { path: 'email', type: 'string', label: 'Email' },
  { path: 'deals.count', type: 'number', label: 'Deals', readOnly: true },
  { path: 'custom.industry', type: 'string', label: 'Industry', custom: true },
];
const b: FieldCatalog = [
  { path: 'email', type: 'string', label: 'Email' },
  { path: 'tags', type: 'string[]', label: 'Tags' },
  { path: 'custom.snippet1', type: 'string', label: 'Snippet 1', custom: true },
];
const defaults: MappingSpec[] = [{ a: 'email', b: 'email', direction: 'both' }];

function Harness({ onCheck, mode = 'two-way' }: { onCheck: (m: MappingSpec) => Promise<MappingCheck>; mode?: SyncMode }) {
  const [mappings, setMappings] = useState<MappingSpec[]>([]);
  return (
    <>
      <MappingEditor defaults={defaults} mappings={mappings} names={{ a: 'CRM', b: 'Outreach' }} catalogs={{ a, b }} mode={mode} onChange={setMappings} onCheck={onCheck} />
      <output data-testid="value">{JSON.stringify(mappings)}</output>
    </>
  );
}

const value = () => JSON.parse(screen.getByTestId('value').textContent ?? '[]') as MappingSpec[];

describe('MappingEditor (wizard step 3, Mappings tab)', () => {
  it('pre-fills the default mapping and switches a row to one direction', async () => {
    render(<Harness onCheck={vi.fn()} />);
    const row = screen.getByTestId('mapping-email-email');
    expect(within(row).getByText('default')).toBeDefined();
    await userEvent.selectOptions(within(row).getByLabelText('Direction of email ↔ email'), 'aToB');
    expect(value()).toEqual([{ a: 'email', b: 'email', direction: 'aToB' }]);
    await userEvent.selectOptions(within(row).getByLabelText('Direction of email ↔ email'), 'both');
    expect(value()).toEqual([]);
  });

  it('adds a field mapping the server accepts, and explains one it refuses', async () => {
    const check = vi.fn(async (m: MappingSpec): Promise<MappingCheck> =>
      m.b === 'tags' ? { ok: false, reason: 'E_TYPE_MISMATCH: number → string[] cannot be mapped ("deals.count" → "tags")' } : { ok: true },
    );
    render(<Harness onCheck={check} />);
    const add = screen.getByRole('button', { name: 'Add field mapping' });
    expect(add).toHaveProperty('disabled', true);
    await userEvent.selectOptions(screen.getByLabelText('CRM field'), 'deals.count');
    await userEvent.selectOptions(screen.getByLabelText('Outreach field'), 'tags');
    await userEvent.click(add);
    expect((await screen.findByRole('alert')).textContent).toContain('number → string[] cannot be mapped');
    expect(value()).toEqual([]);

    await userEvent.selectOptions(screen.getByLabelText('CRM field'), 'custom.industry');
    await userEvent.selectOptions(screen.getByLabelText('Outreach field'), 'custom.snippet1');
    await userEvent.click(screen.getByRole('button', { name: 'Add field mapping' }));
    expect(value()).toEqual([{ a: 'custom.industry', b: 'custom.snippet1', direction: 'both' }]);
    expect(screen.queryByRole('alert')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Remove mapping custom.industry ↔ custom.snippet1' }));
    expect(value()).toEqual([]);
  });

  it('refuses a second mapping onto a field another mapping fills, with a sentence, and marks a default pair it replaces', async () => {
    const check = vi.fn(async (): Promise<MappingCheck> => ({ ok: true }));
    render(<Harness onCheck={check} />);
    await userEvent.selectOptions(screen.getByLabelText('CRM field'), 'custom.industry');
    await userEvent.selectOptions(screen.getByLabelText('Outreach field'), 'custom.snippet1');
    await userEvent.click(screen.getByRole('button', { name: 'Add field mapping' }));
    await userEvent.selectOptions(screen.getByLabelText('CRM field'), 'email');
    await userEvent.selectOptions(screen.getByLabelText('Outreach field'), 'custom.snippet1');
    await userEvent.click(screen.getByRole('button', { name: 'Add field mapping' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Outreach\'s field “Snippet 1” already takes its value from CRM\'s “Industry”. A field can be filled by one mapping only: remove that mapping first, or choose another field.',
    );
    expect(value()).toEqual([{ a: 'custom.industry', b: 'custom.snippet1', direction: 'both' }]);
    expect(check).toHaveBeenCalledTimes(1);

    // Onto B's email, which the default Email ↔ Email pair filled: that pair is replaced, and says so.
    await userEvent.selectOptions(screen.getByLabelText('CRM field'), 'custom.industry');
    await userEvent.selectOptions(screen.getByLabelText('Outreach field'), 'email');
    await userEvent.selectOptions(screen.getByLabelText('Direction'), 'aToB');
    await userEvent.click(screen.getByRole('button', { name: 'Add field mapping' }));
    expect(within(screen.getByTestId('mapping-email-email')).getByText(/replaced by your mapping/)).toBeDefined();
  });

  it('offers no direction on a one-way connection and adds mappings that way', async () => {
    const check = vi.fn(async (): Promise<MappingCheck> => ({ ok: true }));
    render(<Harness onCheck={check} mode="a-to-b" />);
    expect(screen.queryByRole('option', { name: 'both ways' })).toBeNull();
    expect(within(screen.getByTestId('mapping-email-email')).getByText('CRM → Outreach only')).toBeDefined();
    await userEvent.selectOptions(screen.getByLabelText('CRM field'), 'custom.industry');
    await userEvent.selectOptions(screen.getByLabelText('Outreach field'), 'custom.snippet1');
    await userEvent.click(screen.getByRole('button', { name: 'Add field mapping' }));
    expect(value()).toEqual([{ a: 'custom.industry', b: 'custom.snippet1', direction: 'aToB' }]);
  });
});
