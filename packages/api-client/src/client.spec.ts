import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLockstepClient, isProblem } from './index.js';

function recordingFetch(status: number, body: unknown) {
  const requests: Request[] = [];
  const fetch = (input: Request) => {
    requests.push(input);
    return Promise.resolve(
      new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
      }),
    );
  };
  return { fetch, requests };
}

describe('createLockstepClient', () => {
  it('builds typed paths and sends the credentials headers', async () => {
    const { fetch, requests } = recordingFetch(200, { id: 'l1', name: 'Front door' });
    const api = createLockstepClient({
      baseUrl: 'http://api.test',
      token: 'lsk_x',
      organization: 'harbor-lane',
      fetch,
    });
    const { data } = await api.GET('/v1/locks/{lockId}', { params: { path: { lockId: 'l1' } } });
    expect(data?.name).toBe('Front door');
    const [request] = requests;
    expect(request?.url).toBe('http://api.test/v1/locks/l1');
    expect(request?.headers.get('authorization')).toBe('Bearer lsk_x');
    expect(request?.headers.get('lockstep-organization')).toBe('harbor-lane');
  });

  it('adds the CSRF header on unsafe methods only, and surfaces problems', async () => {
    const { fetch, requests } = recordingFetch(412, {
      type: 'https://lockstep.dev/problems/precondition-failed',
      title: 'Version mismatch',
      status: 412,
      detail: 'changed',
    });
    const api = createLockstepClient({ baseUrl: 'http://api.test', csrfToken: () => 'csrf-1', fetch });
    const { error } = await api.PATCH('/v1/properties/{propertyId}', {
      params: { path: { propertyId: 'p1' }, header: { 'If-Match': '"1"' } },
      body: { city: 'Bath' },
    });
    expect(isProblem(error)).toBe(true);
    expect(requests[0]?.headers.get('x-csrf-token')).toBe('csrf-1');
    await api.GET('/v1/properties');
    expect(requests[1]?.headers.get('x-csrf-token')).toBeNull();
  });
});

describe('the generated schema', () => {
  it('matches the committed OpenAPI document (run `npm run codegen -w @lockstep/api-client`)', async () => {
    await expect(
      promisify(execFile)(process.execPath, ['scripts/generate.mjs', '--check'], {
        cwd: new URL('..', import.meta.url),
      }),
    ).resolves.toBeDefined();
  });
});
