import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { QueryClient } from '@tanstack/react-query';
import type { AppRouter } from '@sluice/api';

/** React bindings of the Sluice API: `useTRPC().connections.list.queryOptions()` etc. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * The API client: queries and mutations batched over HTTP at /trpc, subscriptions (live status,
 * run progress) over server-sent events at the same path. Same origin, so the session cookie goes along.
 */
export function createApiClient(base = '') {
  const url = `${base}/trpc`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url }),
        // The server refuses batches of more than 50 calls (each call counts against its limits).
        false: httpBatchLink({ url, maxItems: 50 }),
      }),
    ],
  });
}

/** A query client that does not retry what retrying cannot fix (bad input, not signed in). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => {
          const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
          if (code && ['UNAUTHORIZED', 'FORBIDDEN', 'BAD_REQUEST', 'NOT_FOUND'].includes(code)) return false;
          return count < 2;
        },
      },
    },
  });
}

/** Whether an API error means "sign in first". */
export function isUnauthorized(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === 'UNAUTHORIZED';
}
