/**
 * A real CUPS scheduler for tests and benches (Debian's /usr/sbin/cupsd), on a free loopback port,
 * with every directory of its own in a temporary folder, and one queue whose device is a virtual
 * printer: a small CUPS backend ("capture") that writes each job's bytes to a folder, so a test
 * can read the PDF that came out. It also plays the printer's faults the way a real backend
 * reports them to CUPS (`STATE: +media-empty-error` and exit 4, which stops the queue), so the
 * bridge reads them back through IPP exactly as from a real printer.
 * The scheduler keeps no job files and no job history (PreserveJobFiles/PreserveJobHistory No),
 * as the terminal's own CUPS configuration must (README, the document printer).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort } from './mosquitto';

const exec = promisify(execFile);
export const cupsdPath = process.env.CUPSD_PATH ?? '/usr/sbin/cupsd';

/** Printer faults the virtual printer can play (printer-state-reasons keywords). */
export type VirtualFault = 'media-empty' | 'toner-low' | 'media-jam' | null;

export interface Cups {
  server: string;
  queue: string;
  /** Every PDF the virtual printer received, oldest first. */
  printed(): Buffer[];
  /** Files in the scheduler's spool directory (job data d*, control c*). */
  spoolFiles(): string[];
  /** The next job meets this fault (null: prints again). A fault stops the queue, as on a real printer. */
  setFault(fault: VirtualFault): void;
  /** Takes the queue offline (cupsdisable) or back (cupsenable). */
  setEnabled(enabled: boolean): Promise<void>;
  output(): string;
  stop(): Promise<void>;
}

const BACKEND = `#!/bin/sh
# Virtual printer for tests: DEVICE_URI=capture:/folder. A fault file in the folder makes the job
# fail the way a real printer's backend reports it to CUPS.
if [ $# -eq 0 ]; then echo 'direct capture "Unknown" "Virtual printer (tests)"'; exit 0; fi
dir="\${DEVICE_URI#capture:}"
fault="$(cat "$dir/.fault" 2>/dev/null)"
case "$fault" in
  media-empty) echo "STATE: +media-empty-error" >&2; echo "ERROR: out of paper" >&2; exit 4 ;;
  media-jam) echo "STATE: +media-jam-error" >&2; echo "ERROR: paper jam" >&2; exit 4 ;;
  toner-low) echo "STATE: +toner-low-report" >&2 ;;
  *) echo "STATE: -media-empty-error,media-jam-error,toner-low-report" >&2 ;;
esac
n="$(date +%s%N)-$1"
if [ -n "$6" ]; then cat "$6" > "$dir/.job-$n"; else cat > "$dir/.job-$n"; fi
mv "$dir/.job-$n" "$dir/job-$n.pdf"
exit 0
`;

export async function startCups(queue = 'kiosk-a4'): Promise<Cups> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-cups-'));
  chmodSync(dir, 0o755);
  for (const d of ['spool', 'cache', 'state', 'log', 'bin', 'bin/backend', 'out']) mkdirSync(join(dir, d), { recursive: true, mode: 0o755 });
  chmodSync(join(dir, 'out'), 0o1777);
  // The scheduler's helper programs are Debian's, plus the virtual printer's backend.
  for (const f of readdirSync('/usr/lib/cups')) if (f !== 'backend') symlinkSync(join('/usr/lib/cups', f), join(dir, 'bin', f));
  writeFileSync(join(dir, 'bin/backend/capture'), BACKEND, { mode: 0o755 });
  const port = await freePort();
  const server = `127.0.0.1:${port}`;
  writeFileSync(
    join(dir, 'cupsd.conf'),
    [
      `Listen ${server}`,
      'LogLevel info',
      'WebInterface No',
      'Browsing Off',
      'DefaultAuthType None',
      'PreserveJobHistory No',
      'PreserveJobFiles No',
      'JobRetryLimit 0',
      '<Location />\n  Order allow,deny\n  Allow 127.0.0.1\n</Location>',
      '<Location /admin>\n  Order allow,deny\n  Allow 127.0.0.1\n</Location>',
      '<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'cups-files.conf'),
    [`ServerRoot ${dir}`, `ServerBin ${dir}/bin`, `RequestRoot ${dir}/spool`, `CacheDir ${dir}/cache`, `StateDir ${dir}/state`, `TempDir ${dir}/spool`, `AccessLog ${dir}/log/access_log`, `ErrorLog ${dir}/log/error_log`, `PageLog ${dir}/log/page_log`, 'Printcap /dev/null'].join('\n'),
  );
  let out = '';
  const child: ChildProcess = spawn(cupsdPath, ['-f', '-c', join(dir, 'cupsd.conf'), '-s', join(dir, 'cups-files.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const r = await exec('lpstat', ['-h', server, '-r']).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
    if (/is running/.test(r.stdout)) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`cupsd did not start:\n${out}\n${safeRead(join(dir, 'log/error_log'))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // A raw queue: the PDF goes to the device as it is (a PDF-capable printer, as IPP Everywhere printers are).
  await exec('lpadmin', ['-h', server, '-p', queue, '-E', '-v', `capture:${join(dir, 'out')}`]);
  await exec('cupsaccept', ['-h', server, queue]);
  return {
    server,
    queue,
    printed: () =>
      readdirSync(join(dir, 'out'))
        .filter((f) => /^job-.*\.pdf$/.test(f))
        .sort()
        .map((f) => readFileSync(join(dir, 'out', f))),
    spoolFiles: () => readdirSync(join(dir, 'spool')).filter((f) => /^[cd]\d/.test(f)),
    setFault: (fault) => writeFileSync(join(dir, 'out/.fault'), fault ?? ''),
    setEnabled: async (enabled) => {
      await exec(enabled ? 'cupsenable' : 'cupsdisable', ['-h', server, queue]);
    },
    output: () => `${out}\n${safeRead(join(dir, 'log/error_log'))}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
