/** Workspace roles, least to most (docs/security.md, "Roles"). */
export const roles = ['viewer', 'editor', 'admin', 'owner'] as const;
export type Role = (typeof roles)[number];

/** What a role is called on screen, and what it may do, in a sentence. */
const ROLES: Record<Role, { label: string; can: string }> = {
  viewer: { label: 'Viewer', can: 'Sees connections, rules, history and members; changes nothing.' },
  editor: { label: 'Editor', can: 'Also creates and edits connections, rules and templates, adds keys, edits sandbox records.' },
  admin: { label: 'Admin', can: 'Also invites and removes people, changes roles, replaces or deletes keys, deletes connections.' },
  owner: { label: 'Owner', can: 'Everything, and hands the workspace to another member.' },
};

/** Pure. @example roleLabel('owner') // 'Owner' */
export function roleLabel(role: string): string {
  return ROLES[role as Role]?.label ?? role;
}

/** Pure. What a role may do, in a sentence ('' for an unknown role). */
export function roleRights(role: string): string {
  return ROLES[role as Role]?.can ?? '';
}

/** Whether `role` has at least the rights of `least`. Pure. @example roleAtLeast('admin', 'editor') // true */
export function roleAtLeast(role: string, least: Role): boolean {
  return roles.indexOf(role as Role) >= roles.indexOf(least);
}
