/**
 * Runs independent reads at once (on CloudBase each is a round trip the user waits for) and
 * answers as if they had run one after another: when several fail, the one first in the list is
 * thrown, so a refusal does not depend on which reply came back first.
 */
export async function together<T extends readonly unknown[]>(...reads: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(reads);
  const values: unknown[] = [];
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason;
    values.push(result.value);
  }
  return values as unknown as T;
}

/**
 * Starts a read now to be awaited later, where its result is needed: a failure is thrown there,
 * in program order, and is never reported as unhandled in the meantime.
 */
export function startEarly<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}
