import { errorCodes, isOperationalError, isUserError } from '@sluice/core';
import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';

interface ZodLikeIssue {
  code?: string;
  path?: readonly PropertyKey[];
  message?: string;
  keys?: readonly string[];
}

function zodIssues(e: unknown): ZodLikeIssue[] | null {
  if (e && typeof e === 'object' && 'issues' in e && Array.isArray((e as { issues: unknown }).issues)) {
    return (e as { issues: ZodLikeIssue[] }).issues;
  }
  return null;
}

/**
 * One line per input problem, naming the path and (for unknown keys) the key itself. Pure.
 * @example describeIssues([{ code: 'unrecognized_keys', keys: ['colour'], path: ['graph'] }]) // 'graph: unknown key "colour"'
 */
export function describeIssues(issues: readonly ZodLikeIssue[]): string {
  return issues
    .slice(0, 10)
    .map((issue) => {
      const at = issue.path && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
      if (issue.code === 'unrecognized_keys' && issue.keys) {
        return `${at}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      }
      return `${at}${issue.message ?? 'invalid value'}`;
    })
    .join('; ');
}

/**
 * THE place where errors become tRPC errors: a UserError or OperationalError answers the status its
 * code has in the registry (`errorCodes` of @sluice/core), invalid input → BAD_REQUEST naming the
 * field, anything else → INTERNAL_SERVER_ERROR with a generic message (the cause stays for the log).
 */
export function toTRPCError(error: unknown): TRPCError {
  const cause = error instanceof TRPCError ? (error.cause ?? error) : error;
  const issues = zodIssues(cause);
  if (issues) {
    return new TRPCError({ code: 'BAD_REQUEST', message: `invalid input: ${describeIssues(issues)}`, cause: cause as Error });
  }
  if (isUserError(cause) || isOperationalError(cause)) {
    // A copy from elsewhere may carry a code this build does not list: the kind's usual status then.
    const code: TRPC_ERROR_CODE_KEY = errorCodes[cause.code]?.status ?? (isUserError(cause) ? 'BAD_REQUEST' : 'SERVICE_UNAVAILABLE');
    return new TRPCError({ code, message: cause.message, cause });
  }
  if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') return error;
  return new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: 'Something went wrong on the server.',
    cause: cause instanceof Error ? cause : undefined,
  });
}

/** The stable Sluice code behind a tRPC error, when there is one (sent to clients as `data.appCode`). */
export function appCodeOf(error: TRPCError): string | undefined {
  const cause = error.cause;
  if (isUserError(cause) || isOperationalError(cause)) return cause.code;
  return undefined;
}
