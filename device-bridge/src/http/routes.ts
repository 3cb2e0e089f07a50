/** Small HTTP helpers: JSON bodies with a size limit and a schema, JSON replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { describeZodError } from '../../../core/protocol/messages';
import { err, ok, type Result } from '../../../core/result';

export const MAX_BODY_BYTES = 1_000_000;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, message: string, path?: string): void {
  sendJson(res, status, { error: { message, ...(path ? { path } : {}) } });
}

export async function readJson<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<Result<z.infer<T>, { message: string; path?: string }>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return err({ message: `body larger than ${MAX_BODY_BYTES} bytes` });
    chunks.push(chunk as Buffer);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch (e) {
    return err({ message: `body is not JSON: ${(e as Error).message}` });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return err(describeZodError(parsed.error));
  return ok(parsed.data);
}
