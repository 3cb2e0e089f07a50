import { describe, expect, it } from 'vitest';
import { authorizeUpgrade } from './upgrade-check';

describe('kiosk link upgrade check', () => {
  const hosts = new Set(['127.0.0.1:8080', 'localhost:8080']);
  it('takes the terminal’s own Host, with its own Origin or none', () => {
    expect(authorizeUpgrade({ host: '127.0.0.1:8080' }, hosts)).toEqual({ ok: true });
    expect(authorizeUpgrade({ host: 'localhost:8080', origin: 'http://127.0.0.1:8080' }, hosts)).toEqual({ ok: true });
  });
  it('refuses another Host with 421 and another Origin with 403', () => {
    expect(authorizeUpgrade({ host: 'evil.example:8080' }, hosts)).toMatchObject({ ok: false, status: 421 });
    expect(authorizeUpgrade({}, hosts)).toMatchObject({ ok: false, status: 421 });
    expect(authorizeUpgrade({ host: '127.0.0.1:8080', origin: 'http://evil.example' }, hosts)).toMatchObject({ ok: false, status: 403 });
    expect(authorizeUpgrade({ host: '127.0.0.1:8080', origin: 'null' }, hosts)).toMatchObject({ ok: false, status: 403 });
  });
});
