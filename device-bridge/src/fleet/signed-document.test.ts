import { describe, expect, it } from 'vitest';
import { createPublicKey } from 'node:crypto';
import { FleetDocument, generateFleetKeys, mergePatch, signDocument, touchesProtected, verifyMessage } from './signed-document';

const keys = generateFleetKeys();
const publicKey = createPublicKey(keys.publicKeyPem);
const doc = () => signDocument<FleetDocument>({ kind: 'config', target: 'group:heping', version: 3, issuedAt: '2026-12-01T08:00:00.000Z', payload: { session: { idleTimeoutS: 60 } } }, keys.privateKeyPem);

describe('signed fleet documents', () => {
  it('verifies a document signed by the fleet key', () => {
    const verified = verifyMessage(JSON.stringify(doc()), FleetDocument, publicKey);
    expect(verified).toMatchObject({ ok: true, value: { version: 3, keyId: keys.keyId } });
  });

  it('refuses with a reason: not JSON, unsigned, off-schema, other key, any changed field', () => {
    const reason = (text: string) => {
      const r = verifyMessage(text, FleetDocument, publicKey);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(reason('{')).toBe('not-json');
    const { signature: _s, ...unsigned } = doc();
    expect(reason(JSON.stringify(unsigned))).toBe('unsigned');
    expect(reason(JSON.stringify({ ...doc(), version: -1 }))).toBe('off-schema');
    expect(reason(JSON.stringify({ ...doc(), extra: 1 }))).toBe('off-schema');
    const other = generateFleetKeys();
    expect(reason(JSON.stringify(signDocument<FleetDocument>({ ...unsigned, keyId: undefined } as never, other.privateKeyPem)))).toBe('wrong-key');
    for (const change of [{ version: 4 }, { target: 'all' }, { issuedAt: '2026-12-02T08:00:00.000Z' }, { payload: { session: { idleTimeoutS: 61 } } }, { kind: 'catalog' }]) {
      expect(reason(JSON.stringify({ ...doc(), ...change })), JSON.stringify(change)).toBe('bad-signature');
    }
    expect(reason(JSON.stringify({ ...doc(), signature: 'AAAA' }))).toBe('bad-signature');
  });

  it('merges a JSON merge patch (RFC 7396)', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1] }, { b: { c: null, x: 1 }, e: [2], f: 'n' })).toEqual({ a: 1, b: { d: 3, x: 1 }, e: [2], f: 'n' });
  });

  it('names the protected part a patch touches', () => {
    expect(touchesProtected({ session: { idleTimeoutS: 1 } })).toBeNull();
    expect(touchesProtected({ terminal: { hours: { zh: 'x', en: 'x' } } })).toBeNull();
    expect(touchesProtected({ terminal: { id: 'X' } })).toBe('terminal.id');
    expect(touchesProtected({ fleet: null })).toBe('fleet');
    expect(touchesProtected({ maintenance: { users: [] } })).toBe('maintenance');
  });
});

describe('fleet message sizes', () => {
  it('refuses a message over the limit before parsing it, and a signature of absurd length', async () => {
    const { fleetLimits, FleetCommand } = await import('./signed-document');
    const big = JSON.stringify({ ...doc(), payload: { terminal: { hours: { zh: 'x'.repeat(fleetLimits.DOCUMENT_BYTES), en: 'x' } } } });
    expect(verifyMessage(big, FleetDocument, publicKey)).toMatchObject({ ok: false, error: { code: 'too-large' } });
    const cmd = JSON.stringify({ kind: 'command', target: 'terminal:HP-24H-001', requestId: 'r'.repeat(10), command: 'diagnose', issuedAt: '2026-12-01T08:00:00.000Z', keyId: keys.keyId, signature: 'A'.repeat(fleetLimits.COMMAND_BYTES) });
    expect(verifyMessage(cmd, FleetCommand, publicKey)).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(verifyMessage(JSON.stringify({ ...doc(), signature: 'A'.repeat(400) }), FleetDocument, publicKey)).toMatchObject({ ok: false, error: { code: 'off-schema' } });
  });
});
