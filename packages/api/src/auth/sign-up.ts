import { UserError, isUserError } from '@sluice/core';
import type { Invitation, User } from '@sluice/store';
import { actorOf } from '../audit/audit.recorder';
import type { ApiContext } from '../context';
import { countSignUp } from './attempt.limits';
import { hashPassword } from './password.hasher';
import { passwordProblem } from './password.policy';

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  workspaceName?: string;
  inviteToken?: string;
}

const FIRST_ACCOUNT = 'first-account';

export const invitationUnknown = () => new UserError('E_INVITE_INVALID', 'This invitation link is unknown, used or expired; ask for a new one.');

/** The one answer to every sign-up refused for its email, so it never tells which emails have accounts. */
const refusedEmail = () => new UserError('E_SIGNUP_REFUSED', 'No account could be created with this email address. If you already have one, sign in.');

/**
 * Creates an account and the workspace it works in: the invitation's (with its role), or a new one
 * it owns — the first account of the installation, or anyone's when sign-up is open. Every path
 * hashes the password before it looks at whether the email is taken, so timing tells no more than
 * the answer does.
 */
export async function signUp(ctx: ApiContext, input: SignUpInput): Promise<{ user: User; workspaceId: string }> {
  await countSignUp(ctx);
  if (input.inviteToken) return joinByInvitation(ctx, input, input.inviteToken);
  const first = (await ctx.db.users.count()) === 0;
  if (!first && ctx.auth.signUp !== 'open') {
    throw new UserError('E_INVITE_REQUIRED', 'Accounts on this Sluice are by invitation: ask an admin of your team for an invitation link.');
  }
  const passwordHash = await checkedHash(ctx, input);
  // Of two visitors creating the first account at once, one gets it; the other is refused as anyone later would be.
  const claimed = first && (await ctx.db.instance.claim(FIRST_ACCOUNT, input.email));
  if (first && !claimed && ctx.auth.signUp !== 'open') throw new UserError('E_INVITE_REQUIRED', 'Someone has just created the first account: ask them for an invitation link.');
  try {
    const user = await createUser(ctx, input, passwordHash);
    const workspace = await ctx.db.workspaces.create({ name: input.workspaceName ?? `${input.name}'s workspace`, createdBy: user.id });
    await ctx.db.members.add(workspace.id, user.id, 'owner');
    const target = { type: 'workspace' as const, id: workspace.id, name: workspace.name };
    await ctx.db.audit.append(workspace.id, { actor: actorOf(user), action: 'workspace.created', target, summary: `Created the workspace “${workspace.name}” and became its owner.` }, ctx.now());
    return { user, workspaceId: workspace.id };
  } catch (e) {
    if (claimed) await ctx.db.instance.release(FIRST_ACCOUNT, input.email);
    throw e;
  }
}

async function joinByInvitation(ctx: ApiContext, input: SignUpInput, token: string): Promise<{ user: User; workspaceId: string }> {
  const invitation = await ctx.db.invitations.peek(token);
  if (!invitation) throw invitationUnknown();
  if (invitation.email !== input.email) throw new UserError('E_INVITE_EMAIL', `This invitation is for ${invitation.email}; sign up with that address.`);
  const passwordHash = await checkedHash(ctx, input);
  // Only the holder of the link learns this, about the address the link was made for.
  if (await ctx.db.users.findByEmail(input.email)) throw new UserError('E_INVITE_SIGN_IN', `${input.email} already has an account: sign in, then open the invitation link again to join.`);
  const accepted: Invitation | null = await ctx.db.invitations.accept(token);
  if (!accepted) throw invitationUnknown();
  const user = await createUser(ctx, input, passwordHash);
  await ctx.db.members.add(accepted.workspaceId, user.id, accepted.role);
  const target = { type: 'member' as const, id: user.id, name: user.email };
  const details = { role: accepted.role, invitationId: accepted.id };
  await ctx.db.audit.append(accepted.workspaceId, { actor: actorOf(user), action: 'member.joined', target, summary: `Joined the workspace as ${accepted.role} (signed up by invitation).`, details }, ctx.now());
  return { user, workspaceId: accepted.workspaceId };
}

async function checkedHash(ctx: ApiContext, input: SignUpInput): Promise<string> {
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw new UserError('E_WEAK_PASSWORD', problem);
  return hashPassword(input.password, ctx.settings.scryptCost);
}

async function createUser(ctx: ApiContext, input: SignUpInput, passwordHash: string): Promise<User> {
  try {
    return await ctx.db.users.create({ email: input.email, name: input.name, passwordHash });
  } catch (e) {
    if (isUserError(e) && e.code === 'E_EMAIL_TAKEN') throw refusedEmail();
    throw e;
  }
}
