import { describe, expect, it } from 'vitest';
import { TurnBatcher } from './turn-batcher.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnBatcher', () => {
  it('gathers the calls of one turn into one batch and hands each caller its own result', async () => {
    const batches: number[][] = [];
    const batcher = new TurnBatcher<number, number>({
      maxBatchSize: 10,
      maxBatches: 1,
      run: (items) => {
        batches.push(items);
        return Promise.resolve(items.map((i) => i * 2));
      },
    });
    const results = await Promise.all([1, 2, 3].map((i) => batcher.submit(i)));
    expect(results).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(await batcher.submit(4)).toBe(8);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('bounds the batch size and the batches in flight; calls that wait go together', async () => {
    const batches: number[][] = [];
    let running = 0;
    let maxRunning = 0;
    const release: (() => void)[] = [];
    const batcher = new TurnBatcher<number, number>({
      maxBatchSize: 2,
      maxBatches: 2,
      run: async (items) => {
        batches.push(items);
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise<void>((resolve) => release.push(resolve));
        running--;
        return items;
      },
    });
    const all = Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => batcher.submit(i)));
    await turn();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(batcher.pending).toBe(3);
    release.shift()?.();
    await turn();
    await turn();
    expect(batches.at(-1)).toEqual([5, 6]);
    while (release.length > 0) {
      release.shift()?.();
      await turn();
      await turn();
    }
    expect(await all).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(batches.at(-1)).toEqual([7]);
    expect(maxRunning).toBe(2);
  });

  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const batches: string[][] = [];
    const batcher = new TurnBatcher<string, string>({
      maxBatchSize: 10,
      maxBatches: 2,
      run: (items) => {
        batches.push(items);
        if (items.includes('bad')) return Promise.reject(new Error('bad item'));
        return Promise.resolve(items.map((i) => i.toUpperCase()));
      },
    });
    const settled = await Promise.allSettled(['a', 'bad', 'c'].map((i) => batcher.submit(i)));
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('bad item') },
      { status: 'fulfilled', value: 'C' },
    ]);
    expect(batches).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('treats a result list of the wrong length as a failed batch', async () => {
    const batcher = new TurnBatcher<number, number>({
      maxBatchSize: 10,
      maxBatches: 1,
      run: (items) => Promise.resolve(items.length > 1 ? [0] : items),
    });
    expect(await Promise.all([1, 2].map((i) => batcher.submit(i)))).toEqual([1, 2]);
  });
});
