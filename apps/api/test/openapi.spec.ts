import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderOpenApiDocument } from '../src/openapi/write-openapi.js';

describe('the committed OpenAPI document', () => {
  it('is what the code generates (run `npm run build -w @lockstep/api && npm run openapi -w @lockstep/api`)', async () => {
    const committed = JSON.parse(
      await readFile(new URL('../openapi.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(JSON.parse(await renderOpenApiDocument()));
  });

  it('is OpenAPI 3.1 with an operation id and an access rule on every operation', async () => {
    const document = JSON.parse(await renderOpenApiDocument()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId?: string; 'x-lockstep-access'?: string }>>;
    };
    expect(document.openapi).toBe('3.1.0');
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect(operation.operationId, `${method} ${path}`).toBeTruthy();
        expect(['public', 'authenticated', 'permission'], `${method} ${path}`).toContain(
          operation['x-lockstep-access'],
        );
      }
    }
  });
});
