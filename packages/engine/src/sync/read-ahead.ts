/**
 * The items of `source`, with the next one already requested while the caller works on the one it
 * was given: a connector's next page is read (its HTTP round trip, or a sandbox app's own work)
 * while the engine prepares and writes the page before, instead of after. At most one item is read
 * ahead. An error reading ahead reaches the caller when it asks for that item, not before; a caller
 * that stops early (break or throw) closes `source`.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T, void, undefined> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  let finished = false;
  try {
    for (;;) {
      const result = await next;
      if (result.done) {
        finished = true;
        return;
      }
      next = it.next();
      // Observed here so a failure while the caller is busy is not reported as unhandled; it is
      // still thrown by the `await next` above when the caller asks for the item.
      next.catch(() => {});
      yield result.value;
    }
  } catch (e) {
    finished = true; // the source threw: it is closed already
    throw e;
  } finally {
    if (!finished) await it.return?.();
  }
}
