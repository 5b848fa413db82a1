import { describe, expect, it } from 'vitest';
import { ManualClock } from '../observability/clock.js';
import { BatchWriter, isPostgresDataError, type BatchWriteResult } from './batch-writer.js';

const flushMicrotasks = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

function setup(options: { maxSize?: number; fail?: (items: number[]) => Error | undefined } = {}) {
  const clock = new ManualClock(0);
  const writes: number[][] = [];
  const writer = new BatchWriter<number, number>({
    name: 'test',
    maxSize: options.maxSize ?? 3,
    maxWaitMs: 50,
    clock,
    isDataError: isPostgresDataError,
    retryDelayMs: () => 10,
    write: (items): Promise<BatchWriteResult<number>> => {
      const error = options.fail?.(items);
      if (error) return Promise.reject(error);
      writes.push([...items]);
      return Promise.resolve({ stored: items, duplicates: 0 });
    },
  });
  return { clock, writes, writer };
}

describe('BatchWriter', () => {
  it('flushes when the batch is full, without waiting', async () => {
    const { writes, writer } = setup();
    const done = [writer.add(1), writer.add(2), writer.add(3)];
    await Promise.all(done);
    expect(writes).toEqual([[1, 2, 3]]);
  });

  it('flushes a partial batch after maxWaitMs, not before', async () => {
    const { clock, writes, writer } = setup();
    let resolved = false;
    void writer.add(1).then(() => (resolved = true));
    clock.advance(49);
    await flushMicrotasks();
    expect(writes).toEqual([]);
    clock.advance(1);
    await flushMicrotasks();
    expect(writes).toEqual([[1]]);
    expect(resolved).toBe(true);
  });

  it('keeps rows through a connection failure and writes them once it recovers', async () => {
    let failures = 2;
    const { clock, writes, writer } = setup({
      fail: () =>
        failures-- > 0 ? Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }) : undefined,
    });
    let resolved = false;
    void Promise.all([writer.add(1), writer.add(2), writer.add(3)]).then(() => (resolved = true));
    await flushMicrotasks();
    expect(resolved).toBe(false);
    clock.advance(10);
    await flushMicrotasks();
    clock.advance(10);
    await flushMicrotasks();
    expect(writes).toEqual([[1, 2, 3]]);
    expect(resolved).toBe(true);
  });

  it('isolates a bad row on a data error and writes the others', async () => {
    const { writes, writer } = setup({
      fail: (items) =>
        items.includes(2) ? Object.assign(new Error('invalid input'), { code: '22P02' }) : undefined,
    });
    await Promise.all([writer.add(1), writer.add(2), writer.add(3)]);
    expect(writes).toEqual([[1], [3]]);
  });

  it('writes rows that arrived during a write once their wait is over', async () => {
    const { clock, writes, writer } = setup({ maxSize: 2 });
    const first = [writer.add(1), writer.add(2)];
    const later = writer.add(3);
    await Promise.all(first);
    expect(writes).toEqual([[1, 2]]);
    clock.advance(50);
    await later;
    expect(writes).toEqual([[1, 2], [3]]);
  });

  it('keeps several full batches in flight at once', async () => {
    const clock = new ManualClock(0);
    const started: number[][] = [];
    const release: (() => void)[] = [];
    const writer = new BatchWriter<number, number>({
      name: 'concurrent',
      maxSize: 2,
      maxWaitMs: 50,
      maxConcurrent: 2,
      clock,
      write: (items) => {
        started.push([...items]);
        return new Promise((resolve) => release.push(() => resolve({ stored: items, duplicates: 0 })));
      },
    });
    const all = [1, 2, 3, 4, 5, 6].map((n) => writer.add(n));
    await flushMicrotasks();
    expect(started).toEqual([
      [1, 2],
      [3, 4],
    ]);
    release.shift()?.();
    await flushMicrotasks();
    expect(started).toHaveLength(3);
    while (release.length > 0) {
      release.shift()?.();
      await flushMicrotasks();
    }
    await Promise.all(all);
  });

  it('tells data errors from connection errors by SQLSTATE class', () => {
    expect(isPostgresDataError({ code: '23505' })).toBe(true);
    expect(isPostgresDataError({ code: '22P02' })).toBe(true);
    expect(isPostgresDataError({ code: '57P01' })).toBe(false);
    expect(isPostgresDataError({ code: 'ECONNRESET' })).toBe(false);
    expect(isPostgresDataError(new Error('x'))).toBe(false);
  });
});
