/**
 * A small HTTP client for the API process, authenticated as one seeded user (bearer session). It
 * keeps every response body it received, so the PIN canary can search them.
 */
export interface TApiResponse {
  status: number;
  body: unknown;
  text: string;
}

export class ApiClient {
  readonly responses: string[] = [];

  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  as(token: string): ApiClient {
    const other = new ApiClient(this.baseUrl, token);
    // One log for every identity: the canary reads them all.
    (other as { responses: string[] }).responses = this.responses;
    return other;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    this.responses.push(`${method} ${path} → ${response.status}\n${text}`);
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, text } satisfies TApiResponse;
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body ?? {}, headers);
  }

  patch(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PATCH', path, body, headers);
  }

  delete(path: string) {
    return this.request('DELETE', path);
  }
}
