import { describe, expect, it } from 'vitest';
import { onKioskOrigin } from './kiosk-browser';

describe('onKioskOrigin: parsed origins, never string prefixes', () => {
  it('accepts the kiosk origin and its paths', () => {
    expect(onKioskOrigin('http://127.0.0.1:8080/', 'http://127.0.0.1:8080')).toBe(true);
    expect(onKioskOrigin('http://127.0.0.1:8080/maintenance?kiosk=1', 'http://127.0.0.1:8080')).toBe(true);
    expect(onKioskOrigin('blob:http://127.0.0.1:8080/3f1c', 'http://127.0.0.1:8080')).toBe(true);
  });
  it('refuses URLs that merely start with it', () => {
    expect(onKioskOrigin('http://127.0.0.1:8080@other-host/', 'http://127.0.0.1:8080')).toBe(false);
    expect(onKioskOrigin('http://127.0.0.1:8080.example/', 'http://127.0.0.1:8080')).toBe(false);
    expect(onKioskOrigin('http://kiosk.local.example/', 'http://kiosk.local')).toBe(false);
    expect(onKioskOrigin('http://kiosk.local@example.com/', 'http://kiosk.local')).toBe(false);
    expect(onKioskOrigin('http://127.0.0.1:8081/', 'http://127.0.0.1:8080')).toBe(false);
    expect(onKioskOrigin('about:blank', 'http://127.0.0.1:8080')).toBe(false);
    expect(onKioskOrigin('chrome-error://chromewebdata/', 'http://127.0.0.1:8080')).toBe(false);
  });
});
