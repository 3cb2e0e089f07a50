/**
 * deploy/install.sh into a temporary root (DESTDIR): the real script, the real useradd/usermod
 * (--prefix) and systemctl (--root, which only makes links: systemd does not run here). The root is
 * seeded with what a Debian system already has (passwd/group files, the graphical target).
 * Run twice: the second run must change nothing at all (same files, modes, links and times).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root as repo } from '../support/bridge-process';

function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const p = join(rel, name);
      const st = lstatSync(join(dir, p));
      if (st.isSymbolicLink()) out.push(`${p} -> ${readlinkSync(join(dir, p))}`);
      else if (st.isDirectory()) {
        out.push(`${p}/ ${st.mode.toString(8)}`);
        walk(p);
      } else out.push(`${p} ${st.mode.toString(8)} ${st.mtimeMs} ${readFileSync(join(dir, p), 'utf8').length}:${readFileSync(join(dir, p), 'utf8')}`);
    }
  };
  walk('');
  return out;
}

describe('deploy/install.sh', () => {
  const dest = mkdtempSync(join(tmpdir(), 'kiosk-root-'));
  afterAll(() => rmSync(dest, { recursive: true, force: true }));
  mkdirSync(join(dest, 'etc'));
  mkdirSync(join(dest, 'usr/lib/systemd/system'), { recursive: true });
  for (const t of ['graphical.target', 'multi-user.target']) copyFileSync(`/usr/lib/systemd/system/${t}`, join(dest, 'usr/lib/systemd/system', t));
  writeFileSync(join(dest, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  writeFileSync(join(dest, 'etc/shadow'), 'root:*:19000:0:99999:7:::\n', { mode: 0o640 });
  writeFileSync(join(dest, 'etc/group'), 'root:x:0:\ndialout:x:20:\nlp:x:7:\nvideo:x:44:\n');
  writeFileSync(join(dest, 'etc/gshadow'), 'root:*::\ndialout:!::\nlp:!::\nvideo:!::\n', { mode: 0o640 });
  const install = () => execFileSync('bash', [join(repo, 'deploy/install.sh')], { env: { ...process.env, DESTDIR: dest, APP_DIR: repo }, encoding: 'utf8' });

  it('installs the user, policy, units and udev rules, enabled; a second run changes nothing', () => {
    expect(install()).toMatch(/done, [1-9]\d* change/);
    const passwd = readFileSync(join(dest, 'etc/passwd'), 'utf8');
    expect(passwd).toMatch(/^kiosk:x:\d+:\d+::\/var\/lib\/gov-kiosk:\/usr\/sbin\/nologin$/m);
    for (const g of ['dialout', 'lp', 'video']) expect(readFileSync(join(dest, 'etc/group'), 'utf8')).toMatch(new RegExp(`^${g}:x:\\d+:kiosk$`, 'm'));
    expect(readFileSync(join(dest, 'etc/chromium/policies/managed/gov-kiosk.json'), 'utf8')).toBe(readFileSync(join(repo, 'deploy/chromium/policies/managed/gov-kiosk.json'), 'utf8'));
    expect(readFileSync(join(dest, 'etc/udev/rules.d/99-gov-kiosk.rules'), 'utf8')).toBe(readFileSync(join(repo, 'config/udev/99-gov-kiosk.rules'), 'utf8'));
    const unit = readFileSync(join(dest, 'etc/systemd/system/gov-kiosk-bridge.service'), 'utf8');
    expect(unit).toContain(`WorkingDirectory=${repo}\n`);
    expect(unit).not.toContain('@APP_DIR@');
    for (const u of ['gov-kiosk-display.service', 'gov-kiosk-bridge.service'])
      expect(readlinkSync(join(dest, 'etc/systemd/system/graphical.target.wants', u))).toBe(`/etc/systemd/system/${u}`);
    expect(readlinkSync(join(dest, 'etc/systemd/system/default.target'))).toBe('/usr/lib/systemd/system/graphical.target');

    const before = snapshot(dest);
    expect(install()).toContain('done, 0 change(s)');
    expect(snapshot(dest)).toEqual(before);
  });

  it('the policy names are policies this Chromium knows (each is in its binary)', () => {
    const names = Object.keys(JSON.parse(readFileSync(join(repo, 'deploy/chromium/policies/managed/gov-kiosk.json'), 'utf8')) as object);
    const found = new Set(execFileSync('grep', ['-aoF', ...names.flatMap((n) => ['-e', n]), '/usr/lib/chromium/chromium'], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n'));
    expect(names.filter((n) => !found.has(n))).toEqual([]);
  });

  it('the bridge unit is hardened and watched', () => {
    const unit = readFileSync(join(repo, 'deploy/systemd/gov-kiosk-bridge.service'), 'utf8');
    for (const line of ['Type=notify', 'NotifyAccess=all', 'WatchdogSec=30', 'User=kiosk', 'Restart=always', 'ProtectSystem=strict', 'NoNewPrivileges=yes', 'PrivateTmp=yes'])
      expect(unit).toMatch(new RegExp(`^${line}$`, 'm'));
  });
});
