/**
 * The check of every message from the bridge against the protocol schema. It holds zod and the
 * schemas, so bridge-client.ts imports it lazily (a chunk fetched as the socket first connects)
 * and the initial script stays small.
 */
import { BridgeMessage } from '../../core/protocol/messages';

export type ParsedBridgeMessage = { ok: true; message: BridgeMessage } | { ok: false; path: string };

export function parseBridgeMessage(json: unknown): ParsedBridgeMessage {
  const parsed = BridgeMessage.safeParse(json);
  if (!parsed.success) return { ok: false, path: parsed.error.issues[0]?.path.join('.') ?? '' };
  return { ok: true, message: parsed.data };
}
