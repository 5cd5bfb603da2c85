/** A small HTTP client for the tests: real requests to the server's port, JSON in and out. */

/** Tests read answers' JSON freely: a wrong shape fails the assertion that reads it. */
// biome-ignore lint/suspicious/noExplicitAny: answers are asserted on, not trusted
type Json = any;

export interface Answer<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Client {
  request<T = Json>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer<T>>;
  get<T = Json>(path: string, headers?: Record<string, string>): Promise<Answer<T>>;
  post<T = Json>(path: string, body?: unknown): Promise<Answer<T>>;
  put<T = Json>(path: string, body?: unknown): Promise<Answer<T>>;
  patch<T = Json>(path: string, body?: unknown): Promise<Answer<T>>;
  delete<T = Json>(path: string): Promise<Answer<T>>;
}

/** Requests to `baseUrl` with `token` (if any); a string body is sent as it is. */
export function client(baseUrl: string, token?: string): Client {
  const request = async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
    if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
  return {
    request,
    get: (path, headers) => request('GET', path, undefined, headers),
    post: (path, body) => request('POST', path, body ?? {}),
    put: (path, body) => request('PUT', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body ?? {}),
    delete: (path) => request('DELETE', path),
  };
}
