/** A caller from `createCaller`, walked by dotted path. */
export type AnyCaller = Record<string, unknown>;

/**
 * Calls the procedure at `path` (`sandbox.crm.get`) on `caller`. A subscription is pulled once, which
 * is when it checks its access and input, then stopped shortly after.
 */
export async function invokeProcedure(caller: AnyCaller, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const part of path.split('.')) target = (target as Record<string, unknown>)[part];
  const controller = new AbortController();
  const result = await (target as (i: unknown, o: { signal: AbortSignal }) => Promise<unknown>)(input, { signal: controller.signal });
  if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
    const timer = setTimeout(() => controller.abort(), 300);
    try {
      await (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().next();
    } finally {
      clearTimeout(timer);
    }
  }
  return result;
}
