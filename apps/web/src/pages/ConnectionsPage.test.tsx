import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpSubscriptionLink, splitLink, unstable_localLink, type TRPCLink } from '@trpc/client';
import { appRouter, createContextInner, memorySessionCookie, type AppRouter, type RuntimeEvent } from '@sluice/api';
import { liveListenerCount, openTestEnv, type TestEnv } from '@sluice/api/testing';
import { createQueryClient, TRPCProvider } from '../api/trpc';
import { ConnectionsPage } from './ConnectionsPage';

// The page against the real API router and database, in-process (no HTTP): live events are put
// in the database's feed as a `sluice worker` process would, and must show without a refetch.
let env: TestEnv;
let user: Awaited<ReturnType<TestEnv['signUp']>>;
let connectionId = '';

beforeAll(async () => {
  env = await openTestEnv({ workers: false });
  user = await env.signUp();
  const created = await user.caller.connections.create({
    name: 'CRM → Outreach',
    apps: { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } },
    mode: 'a-to-b',
  });
  connectionId = created.id;
});
afterAll(async () => env?.close());

/** Renders the page; counts the list requests; `broken` points the stream at a port nobody listens on. */
function renderPage(stream: 'up' | 'broken') {
  const calls = { list: 0 };
  const counting: TRPCLink<AppRouter> =
    () =>
    ({ op, next }) => {
      if (op.path === 'connections.list') calls.list++;
      return next(op);
    };
  const local = unstable_localLink<AppRouter>({
    router: appRouter,
    createContext: async () =>
      createContextInner({ db: env.store, engine: env.worker, connectors: env.connectors, sandbox: env.sandbox, user: user.user, session: memorySessionCookie(user.token) }),
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      counting,
      splitLink({
        condition: (op) => op.type === 'subscription' && stream === 'broken',
        true: httpSubscriptionLink({ url: 'http://127.0.0.1:9/trpc' }),
        false: local,
      }),
    ],
  });
  const queryClient = createQueryClient();
  render(
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        <ConnectionsPage />
      </TRPCProvider>
    </QueryClientProvider>,
  );
  return calls;
}

const stateEvent = (state: string): RuntimeEvent => ({ type: 'state', workspaceId: user.user.workspaceId, connectionId, state: state as 'ready', at: Date.now() });

describe('connections page, live', () => {
  it('shows state changes, progress and the finished run as they happen, without polling', async () => {
    const calls = renderPage('up');
    await screen.findByText('CRM → Outreach');
    expect(screen.getByTestId('connection-row-state').textContent).toBe('Not started');
    // The page's stream starts "from now on": act once the server counts it as listening.
    await waitFor(() => expect(liveListenerCount(env.store, user.user.workspaceId)).toBe(1));

    await env.store.live.append(user.user.workspaceId, [stateEvent('initialSync')]);
    await waitFor(() => expect(screen.getByTestId('connection-row-state').textContent).toBe('First sync running'));
    const counts = { read: { a: 120, b: 0 }, created: { a: 0, b: 40 }, updated: { a: 0, b: 2 }, skipped: 0, excluded: 0, conflicts: 0, failed: 0, trashed: 0 };
    await env.store.live.append(user.user.workspaceId, [{ type: 'progress', workspaceId: user.user.workspaceId, connectionId, runId: 'r1', counts, at: Date.now() }]);
    await screen.findByText(/Syncing now: 120 read, 40 created, 2 updated so far/);

    const run = { id: 'r1', kind: 'initial' as const, status: 'succeeded' as const, startedAt: Date.now() - 1000, finishedAt: Date.now(), durationMs: 1000, counts, errors: [] };
    await env.store.live.append(user.user.workspaceId, [
      { type: 'run', workspaceId: user.user.workspaceId, connectionId, run, at: Date.now() },
      stateEvent('live.idle'),
    ]);
    await waitFor(() => expect(screen.getByTestId('connection-row-state').textContent).toBe('In sync'));
    await screen.findByText(/succeeded, .* 40 created, 2 updated, 0 failed/);
    expect(screen.queryByText(/Syncing now/)).toBeNull();
    // One list request (the first load): every change came over the stream.
    expect(calls.list).toBe(1);
    expect(screen.queryByTestId('live-reconnecting')).toBeNull();
  });

  it('says it is reconnecting and falls back to polling when the stream fails', async () => {
    const calls = renderPage('broken');
    await screen.findByText('CRM → Outreach');
    await screen.findByTestId('live-reconnecting', undefined, { timeout: 5_000 });
    // Meanwhile the list is fetched again every 5 s.
    await waitFor(() => expect(calls.list).toBeGreaterThanOrEqual(2), { timeout: 8_000 });
  });
});
