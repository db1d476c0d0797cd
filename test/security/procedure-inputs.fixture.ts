import { procedureInputs as routerInputs, publicProcedures, scopedProcedures as routerScoped, type OwnerIds } from '@sluice/api/testing';

export { publicProcedures, type OwnerIds };

/**
 * A well-formed input per procedure aimed at the owner's objects, so that any refusal comes from
 * access control, not from the input's shape: the router tests' table, plus sign-up and sign-in, and
 * `{}` where a list's input is optional. Procedures without input are absent.
 */
export function procedureInputs(ids: OwnerIds): Record<string, unknown> {
  const inputs: Record<string, unknown> = {
    ...routerInputs(ids),
    'auth.signUp': { email: 'someone@example.com', password: 'a good password 42', name: 'S' },
    'auth.signIn': { email: 'someone@example.com', password: 'a good password 42' },
    'credentials.list': {},
    'sandbox.crm.list': {},
    'sandbox.outreach.list': {},
  };
  for (const [path, input] of Object.entries(inputs)) if (input === undefined) delete inputs[path];
  return inputs;
}

/** Procedures acting on one of the owner's objects, called over HTTP: from another workspace they must answer 404 (subscriptions are checked by the router tests). */
export const scopedProcedures = routerScoped.filter((path) => !path.startsWith('live.'));
