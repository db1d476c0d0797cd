/** What a workspace role is called on screen. */
const LABELS: Record<string, string> = { owner: 'Owner', admin: 'Admin', editor: 'Editor', viewer: 'Viewer', member: 'Member' };

/** Pure. @example roleLabel('owner') // 'Owner' */
export function roleLabel(role: string): string {
  return LABELS[role] ?? role;
}
