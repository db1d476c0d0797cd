import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Palette } from './Palette';
import { PALETTE_MIME } from './palette-items';

describe('Palette', () => {
  it('offers every condition, group and action of the rule format', () => {
    render(<Palette onAdd={() => {}} />);
    for (const name of [
      'Field condition',
      'Has tag',
      'Is in list',
      'Has no deals',
      'Is unsubscribed',
      'All of (AND)',
      'Any of (OR)',
      'Not',
      'Add tag',
      'Remove tag',
      'Add to list',
      'Remove from list',
      'Set field',
      'Clear field',
      'Copy field',
      'Format field',
      'Set owner',
      'Unsubscribe',
      'Resubscribe',
      'Sync',
    ])
      expect(screen.getByRole('button', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}`) })).toBeDefined();
  });

  it('adds an item with the keyboard', async () => {
    const onAdd = vi.fn();
    render(<Palette onAdd={onAdd} />);
    screen.getByRole('button', { name: /^Has no deals/ }).focus();
    await userEvent.keyboard('{Enter}');
    expect(onAdd).toHaveBeenCalledOnce();
    expect(onAdd.mock.calls[0]![0].draft).toEqual({
      kind: 'condition',
      when: { field: 'deals.count', op: 'eq', value: 0 },
    });
  });

  it('puts the item key on the drag payload', () => {
    render(<Palette onAdd={() => {}} />);
    const data = new Map<string, string>();
    const dataTransfer = { setData: (k: string, v: string) => data.set(k, v), effectAllowed: '' };
    fireEvent.dragStart(screen.getByRole('button', { name: /^Add tag/ }), { dataTransfer });
    expect(data.get(PALETTE_MIME)).toBe('addTag');
    expect(dataTransfer.effectAllowed).toBe('copy');
  });

  it('filters by name and hint, and says when nothing matches', async () => {
    render(<Palette onAdd={() => {}} />);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Filter the palette' }), 'tag');
    expect(screen.getByRole('button', { name: /^Add tag/ })).toBeDefined();
    expect(screen.queryByRole('button', { name: /^Set owner/ })).toBeNull();
    await userEvent.type(screen.getByRole('searchbox'), 'zzz');
    expect(screen.getByText(/Nothing matches/)).toBeDefined();
  });
});
