import { z } from 'zod';

/**
 * The account forms' rules, checked in the browser before anything is sent (the server checks again,
 * and its answer shows at the form too). Each message is a sentence for the field it is about.
 */
export const passwordChangeSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.'),
    newPassword: z.string().min(8, 'Use at least 8 characters.').max(200, 'Use at most 200 characters.'),
    confirm: z.string(),
  })
  .refine((f) => f.newPassword === f.confirm, { path: ['confirm'], message: 'The two new passwords differ.' })
  .refine((f) => f.newPassword !== f.currentPassword || f.newPassword === '', { path: ['newPassword'], message: 'Choose a password other than the current one.' });

export const inviteSchema = z.object({
  email: z.string().trim().min(1, 'Enter the email address of the person to invite.').email('This is not an email address.'),
  role: z.enum(['admin', 'editor', 'viewer']),
});

export const joinSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(100, 'Use at most 100 characters.'),
  password: z.string().min(8, 'Use at least 8 characters.').max(200, 'Use at most 200 characters.'),
});

/** A form's problems by field name, from a zod check (empty when the form is fine). Pure. */
export function fieldErrors<T>(schema: z.ZodType<T>, value: unknown): Partial<Record<string, string>> {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const out: Partial<Record<string, string>> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}
