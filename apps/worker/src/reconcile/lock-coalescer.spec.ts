import { describe, expect, it } from 'vitest';
import { LockCoalescer } from './lock-coalescer.js';

describe('LockCoalescer', () => {
  it('runs one trailing pass for a burst on one key, with the strongest reason, and never joins keys', async () => {
    const coalescer = new LockCoalescer<number, string>((a, b) => Math.max(a, b));
    const runs: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const work = (key: string) => async (reason: number) => {
      runs.push(`${key}:${reason}`);
      if (runs.length === 1) await gate;
      return `${key}:${reason}`;
    };
    const first = coalescer.run('a', 1, work('a'));
    const joined = [coalescer.run('a', 3, work('a')), coalescer.run('a', 2, work('a'))];
    const other = coalescer.run('b', 1, work('b'));
    expect(await other).toBe('b:1');
    release();
    expect(await first).toBe('a:3');
    expect(await Promise.all(joined)).toEqual(['a:3', 'a:3']);
    expect(runs).toEqual(['a:1', 'b:1', 'a:3']);
    expect(coalescer.size).toBe(0);
  });
});
