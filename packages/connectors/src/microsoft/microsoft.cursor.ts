import { UserError } from '@sluice/core';

/**
 * Where a Microsoft 365 read resumes: the folder it belongs to and Graph's own link, kept relative to
 * the API root (`/me/contacts/delta?$deltatoken=…`) so a link never carries a host of its own.
 * `done` is false while a delta round pages (`@odata.nextLink`), true once it ended (`@odata.deltaLink`).
 */
export interface MsCursor {
  folder: string;
  link: string;
  done: boolean;
}

/** The saved position, or undefined to start a full round. Pure. */
export function decodeCursor(text: string | null): MsCursor | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const c = value as Partial<MsCursor> | undefined;
  if (!c || typeof c.folder !== 'string' || typeof c.link !== 'string' || !c.link.startsWith('/') || typeof c.done !== 'boolean') {
    throw new UserError('E_BAD_CURSOR', 'The saved Microsoft 365 sync position is unreadable; start a full sync.');
  }
  return { folder: c.folder, link: c.link, done: c.done };
}

/**
 * A link Graph sent (`@odata.nextLink`, `@odata.deltaLink`) as a path under `apiRoot`. A link to any
 * other host or path is refused: following it would hand the account's token to whoever wrote it. Pure.
 * @example relativeLink('https://graph.microsoft.com/v1.0/me/contacts/delta?$skiptoken=a', 'https://graph.microsoft.com/v1.0') // '/me/contacts/delta?$skiptoken=a'
 */
export function relativeLink(link: string, apiRoot: string): string {
  const root = new URL(apiRoot.replace(/\/+$/, '') + '/');
  let url: URL | undefined;
  try {
    url = new URL(link);
  } catch {
    url = undefined;
  }
  if (!url || url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) {
    throw new UserError('E_BAD_RESPONSE_SHAPE', `Microsoft Graph sent a paging link outside ${root.origin}${root.pathname}; Sluice does not follow it.`);
  }
  return `/${url.pathname.slice(root.pathname.length)}${url.search}`;
}
