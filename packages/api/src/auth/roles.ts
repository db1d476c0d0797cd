import { MEMBER_ROLES, type MemberRole } from '@sluice/store';

/**
 * Who may call a procedure: anyone (`public`), anyone signed in whatever their role (`signedIn`:
 * their own account, switching workspaces), or a member with at least this role. Declared once
 * per procedure by its builder (trpc.ts); docs/security.md, "Roles", is the table in words.
 */
export type Access = 'public' | 'signedIn' | MemberRole;

/** Whether `role` may do what `needed` may. Pure. @example roleAtLeast('admin', 'editor') // true */
export function roleAtLeast(role: MemberRole, needed: MemberRole): boolean {
  return MEMBER_ROLES.indexOf(role) >= MEMBER_ROLES.indexOf(needed);
}

const WHO: Record<MemberRole, string> = {
  viewer: 'members',
  editor: 'editors, admins and the owner',
  admin: 'admins and the owner',
  owner: 'the owner',
};

/**
 * The sentence a refused member reads. Pure.
 * @example refusalFor('admin', 'editor') // 'Only admins and the owner of this workspace can do this; you are an editor.'
 */
export function refusalFor(needed: MemberRole, role: MemberRole): string {
  const article = role === 'admin' || role === 'owner' || role === 'editor' ? 'an' : 'a';
  return `Only ${WHO[needed]} of this workspace can do this; you are ${role === 'owner' ? 'the' : article} ${role}.`;
}
