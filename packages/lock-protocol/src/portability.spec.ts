import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * STYLE.md §4: the main entry imports nothing Node-only, so firmware and browsers can use it. Walks
 * every module reachable from src/index.ts and refuses `node:` imports and Node globals.
 */
const srcDir = new URL('./', import.meta.url);

function reachableModules(entry: string): Map<string, string> {
  const seen = new Map<string, string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() ?? '';
    if (seen.has(file)) continue;
    const text = readFileSync(new URL(file, srcDir), 'utf8');
    seen.set(file, text);
    for (const match of text.matchAll(/from '(\.[^']+)\.js'/g)) {
      const target = new URL(`${match[1] ?? ''}.ts`, new URL(file, srcDir)).pathname;
      pending.push(target.slice(new URL(srcDir).pathname.length));
    }
  }
  return seen;
}

describe('main entry portability', () => {
  const modules = reachableModules('index.ts');

  it('reaches the whole public surface', () => {
    expect(modules.has('codec.ts')).toBe(true);
    expect(modules.has('webcrypto-pin.ts')).toBe(true);
    expect([...modules.keys()].some((file) => file.startsWith('node/'))).toBe(false);
  });

  it.each([...modules.entries()])('%s imports nothing Node-only', (_file, text) => {
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((match) => match[1] ?? '');
    expect(imports.filter((specifier) => !specifier.startsWith('.'))).toEqual(
      imports.filter((specifier) => specifier === 'zod'),
    );
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    expect(code).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(/);
  });
});
