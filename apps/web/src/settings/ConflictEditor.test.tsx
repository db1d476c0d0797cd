import { describe, expect, it } from 'vitest';
import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FieldCatalog } from '@sluice/graph';
import { ConflictEditor } from './ConflictEditor';
import { SyncTypePicker } from './SyncTypePicker';
import type { ConflictSettings, SyncMode } from './settings.model';

const fields: FieldCatalog = [
  { path: 'phone', type: 'string', label: 'Phone' },
  { path: 'tags', type: 'string[]', label: 'Tags' },
];

function Harness() {
  const [conflict, setConflict] = useState<ConflictSettings>({ winner: 'a', fields: {} });
  const [mode, setMode] = useState<SyncMode>('two-way');
  return (
    <>
      <SyncTypePicker value={mode} names={{ a: 'CRM', b: 'Outreach' }} onChange={setMode} />
      <ConflictEditor value={conflict} names={{ a: 'CRM', b: 'Outreach' }} fields={fields} mode={mode} onChange={setConflict} />
      <output data-testid="value">{JSON.stringify({ mode, conflict })}</output>
    </>
  );
}

const value = () => JSON.parse(screen.getByTestId('value').textContent ?? '{}') as { mode: SyncMode; conflict: ConflictSettings };

describe('sync type and conflict settings (wizard step 3, Conflicts tab)', () => {
  it('sets the sync type and the winning app', async () => {
    render(<Harness />);
    await userEvent.click(screen.getByLabelText(/One-way: CRM → Outreach/));
    await userEvent.click(screen.getByLabelText('Outreach wins'));
    expect(value()).toEqual({ mode: 'a-to-b', conflict: { winner: 'b', fields: {} } });
  });

  it('says a one-way connection writes the winning value one way only', async () => {
    render(<Harness />);
    expect(screen.getByText(/written to both/)).toBeDefined();
    await userEvent.click(screen.getByLabelText(/One-way: CRM → Outreach/));
    expect(screen.queryByText(/written to both/)).toBeNull();
    expect(screen.getByText(/if CRM wins, its value is written to Outreach; if Outreach wins, Outreach keeps its own value. CRM is never written./)).toBeDefined();
  });

  it('adds per-field overrides: merge for tags, the other app for a text field', async () => {
    render(<Harness />);
    expect(screen.getByText('No overrides: CRM wins for every field.')).toBeDefined();
    await userEvent.selectOptions(screen.getByLabelText('Override field'), 'tags');
    await userEvent.click(screen.getByRole('button', { name: 'Add override' }));
    await userEvent.selectOptions(screen.getByLabelText('Override field'), 'phone');
    await userEvent.click(screen.getByRole('button', { name: 'Add override' }));
    expect(value().conflict.fields).toEqual({ tags: 'merge', phone: 'b' });
    // Merge is offered only for list fields.
    expect([...(screen.getByLabelText('Rule for phone') as HTMLSelectElement).options].map((o) => o.value)).toEqual(['a', 'b', 'newest']);
    await userEvent.selectOptions(screen.getByLabelText('Rule for phone'), 'newest');
    await userEvent.click(screen.getByRole('button', { name: 'Remove override for tags' }));
    expect(value().conflict.fields).toEqual({ phone: 'newest' });
  });
});
