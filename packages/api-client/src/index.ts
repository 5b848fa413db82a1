import createFetchClient, { type Client, type ClientOptions } from 'openapi-fetch';
import { type components, type operations, type paths } from './schema.js';

export type { components, operations, paths };
/** Every DTO of the API, by name (`Schemas['PropertyDto']`). */
export type Schemas = components['schemas'];
/** RFC 9457 problem document: what every error response carries. */
export type Problem = components['schemas']['ProblemDto'];
export type LockstepClient = Client<paths>;

export interface LockstepClientOptions {
  /** Where the API listens, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** Session token (`lss_…`) or API key (`lsk_…`), sent as `Authorization: Bearer`. */
  token?: string;
  /** Organization id or slug for users in several organizations (`Lockstep-Organization`). */
  organization?: string;
  /**
   * For cookie sessions in the browser: the CSRF token from the login response (or the
   * `lockstep_csrf` cookie), sent on unsafe methods. Pair with `credentials: 'include'`.
   */
  csrfToken?: string | (() => string | undefined);
  credentials?: ClientOptions['credentials'];
  fetch?: ClientOptions['fetch'];
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A typed client for the Lockstep API: paths, parameters, bodies and responses come from the
 * committed OpenAPI document, so a call the API does not offer does not compile.
 *
 * ```ts
 * const api = createLockstepClient({ baseUrl, token });
 * const { data, error } = await api.GET('/v1/locks/{lockId}', { params: { path: { lockId } } });
 * ```
 */
export function createLockstepClient(options: LockstepClientOptions): LockstepClient {
  const client = createFetchClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  client.use({
    onRequest({ request }) {
      if (options.token) request.headers.set('authorization', `Bearer ${options.token}`);
      if (options.organization) request.headers.set('lockstep-organization', options.organization);
      const csrf = typeof options.csrfToken === 'function' ? options.csrfToken() : options.csrfToken;
      if (csrf && UNSAFE.has(request.method)) request.headers.set('x-csrf-token', csrf);
      return request;
    },
  });
  return client;
}

/** True for an RFC 9457 problem document as the API sends it. */
export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).type === 'string' &&
    typeof (value as Problem).status === 'number'
  );
}
