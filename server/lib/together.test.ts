import { startEarly, together } from './together';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const failLater = (ms: number, message: string) =>
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms));

describe('together', () => {
  it('answers every value in the order given', async () => {
    expect(await together(later(20, 'a'), later(1, 2), Promise.resolve(null))).toEqual(['a', 2, null]);
  });

  it('throws the failure first in the list, not the first to arrive', async () => {
    await expect(together(failLater(20, 'first'), failLater(1, 'second'), later(1, 'ok'))).rejects.toThrow('first');
    await expect(together(later(1, 'ok'), failLater(1, 'second'))).rejects.toThrow('second');
  });

  it('startEarly keeps a failure for the place it is awaited', async () => {
    const unhandled: unknown[] = [];
    const listen = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listen);
    try {
      const read = startEarly(failLater(1, 'later'));
      await later(20, null);
      await expect(read).rejects.toThrow('later');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listen);
    }
  });
});
