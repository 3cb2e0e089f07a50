import { describe, expect, it } from 'vitest';
import { addressAllowed } from './lan-listener';

describe('LAN allow-list', () => {
  it('matches addresses and CIDR blocks, IPv4-mapped IPv6 too', () => {
    const allow = ['192.168.10.0/24', '10.1.2.3'];
    expect(addressAllowed('192.168.10.77', allow)).toBe(true);
    expect(addressAllowed('::ffff:192.168.10.77', allow)).toBe(true);
    expect(addressAllowed('192.168.11.1', allow)).toBe(false);
    expect(addressAllowed('10.1.2.3', allow)).toBe(true);
    expect(addressAllowed('10.1.2.4', allow)).toBe(false);
    expect(addressAllowed('fe80::1', allow)).toBe(false);
    expect(addressAllowed('300.1.1.1', ['0.0.0.0/0'])).toBe(false);
    expect(addressAllowed('8.8.8.8', ['0.0.0.0/0'])).toBe(true);
  });
});
