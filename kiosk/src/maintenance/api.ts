/** The console's calls to /maintenance/api: JSON in and out, the session in an HttpOnly cookie. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: { message?: string; code?: string; path?: string; retryAfterS?: number | null } },
  ) {
    super(body.error?.message ?? `HTTP ${status}`);
  }
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`/maintenance/api${path}`, {
    method,
    credentials: 'same-origin',
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(method !== 'GET' ? { 'x-maintenance': '1' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json().catch(() => ({}))) as T & { error?: { message?: string } };
  if (!res.ok) throw new ApiError(res.status, json as never);
  return json;
}
