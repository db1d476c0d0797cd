import { isOperationalError, isUserError } from '@sluice/graph';
import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';

/** How a stable `UserError` code maps to a tRPC code when it is not a plain bad request. */
const userCodes: Record<string, TRPC_ERROR_CODE_KEY> = {
  E_NOT_FOUND: 'NOT_FOUND',
  E_UNAUTHENTICATED: 'UNAUTHORIZED',
  E_BAD_CREDENTIALS: 'UNAUTHORIZED',
  E_FORBIDDEN: 'FORBIDDEN',
  E_CONFLICT: 'CONFLICT',
  E_EMAIL_TAKEN: 'CONFLICT',
  E_ALREADY_SET_UP: 'CONFLICT',
  E_PRECONDITION: 'PRECONDITION_FAILED',
  E_TOO_MANY_ATTEMPTS: 'TOO_MANY_REQUESTS',
  E_INVITE_REQUIRED: 'FORBIDDEN',
};

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
 * THE place where errors become tRPC errors: UserError → BAD_REQUEST (or the code its `code` names),
 * OperationalError → SERVICE_UNAVAILABLE (or TOO_MANY_REQUESTS), invalid input → BAD_REQUEST naming the
 * field, anything else → INTERNAL_SERVER_ERROR with a generic message (the cause stays for the log).
 */
export function toTRPCError(error: unknown): TRPCError {
  const cause = error instanceof TRPCError ? (error.cause ?? error) : error;
  const issues = zodIssues(cause);
  if (issues) {
    return new TRPCError({ code: 'BAD_REQUEST', message: `invalid input: ${describeIssues(issues)}`, cause: cause as Error });
  }
  if (isUserError(cause)) {
    return new TRPCError({ code: userCodes[cause.code] ?? 'BAD_REQUEST', message: cause.message, cause });
  }
  if (isOperationalError(cause)) {
    const code: TRPC_ERROR_CODE_KEY = cause.code === 'E_RATE_LIMITED' ? 'TOO_MANY_REQUESTS' : 'SERVICE_UNAVAILABLE';
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
