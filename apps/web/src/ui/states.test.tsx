import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EmptyState } from './EmptyState';
import { ErrorState } from './ErrorState';
import { LoadingState } from './LoadingState';

describe('state components', () => {
  it('empty state says what to do', () => {
    render(<EmptyState title="No connections yet" action={<button>Add a new connection</button>}>Connect two apps.</EmptyState>);
    expect(screen.getByRole('region', { name: 'No connections yet' }).textContent).toContain('Connect two apps.');
    expect(screen.getByRole('button', { name: 'Add a new connection' })).toBeDefined();
  });

  it('loading state is announced', () => {
    render(<LoadingState label="Loading rules…" />);
    expect(screen.getByRole('status').textContent).toBe('Loading rules…');
  });

  it('error state shows the message and retries', async () => {
    const retry = vi.fn();
    render(<ErrorState error={new Error('Server unreachable')} onRetry={retry} />);
    expect(screen.getByRole('alert').textContent).toContain('Server unreachable');
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledOnce();
  });
});
