import { UserError } from '@sluice/core';

/** The one "no such thing in this workspace" error, whether it does not exist or belongs elsewhere. */
export function notFound(what: string, id: string): UserError {
  return new UserError('E_NOT_FOUND', `No ${what} "${id}" in this workspace.`, { what, id });
}
