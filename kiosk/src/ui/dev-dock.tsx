/**
 * The dev dock (vxsuite's habit): place a card, pull the paper, open the cover, scan a code, see the
 * last printed receipt — shown only while devices are simulated. It drives the same simulator API
 * (/sim/…) that trainers and the tests use.
 */
import { useState } from 'preact/hooks';
import type { Lang } from '../machine/kiosk-machine';

const presets = ['resident', 'father', 'elder', 'retiree', 'rare-name', 'expired', 'hk-resident', 'foreigner'];

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  return res.json();
}

/** A fresh one-time e-ID code from the local back office, scanned (电子身份证 login without a card). */
async function scanEid(preset: string): Promise<void> {
  const { codes } = (await call('GET', '/sim/eid-codes')) as { codes?: { preset: string; code: string }[] };
  const code = codes?.find((c) => c.preset === preset)?.code;
  if (code) await call('POST', '/sim/qr', { data: code });
}

/** Scans the tracking QR code of the last printed acceptance receipt (进度查询). */
async function scanLastReceipt(): Promise<void> {
  const { jobs } = (await call('GET', '/sim/printer/jobs')) as { jobs: { text: string; qrCodes: string[] }[] };
  const receipt = [...jobs].reverse().find((j) => j.text.includes('受理收件凭证'));
  if (receipt?.qrCodes[0]) await call('POST', '/sim/qr', { data: receipt.qrCodes[0] });
}

export function DevDock({ lang }: { lang: Lang }) {
  const [open, setOpen] = useState(false);
  const [lastJob, setLastJob] = useState<{ id: number; text: string } | null>(null);
  const [qr, setQr] = useState('');

  const refreshJobs = async () => {
    const { jobs } = (await call('GET', '/sim/printer/jobs')) as { jobs: { id: number; text: string }[] };
    setLastJob(jobs.at(-1) ?? null);
  };

  return (
    <aside class="dev-dock" aria-label="Dev dock" lang="en">
      {open && (
        <div class="dock-panel">
          <h2>ID card</h2>
          {presets.map((p) => (
            <button key={p} type="button" onClick={() => void call('POST', '/sim/id-card', { preset: p })}>
              {p}
            </button>
          ))}
          <button type="button" onClick={() => void call('POST', '/sim/id-card', { unsupported: true })}>
            unsupported
          </button>
          <button type="button" onClick={() => void call('DELETE', '/sim/id-card')}>
            remove
          </button>
          <button type="button" onClick={() => void call('POST', '/sim/id-card/connection', { connected: false })}>
            unplug
          </button>
          <button type="button" onClick={() => void call('POST', '/sim/id-card/connection', { connected: true })}>
            plug in
          </button>
          <button type="button" onClick={() => void call('POST', '/sim/id-card/sam', { status: 'self-check-failed' })}>
            SAM 60
          </button>
          <button type="button" onClick={() => void call('POST', '/sim/id-card/sam', { failNext: 'read-failed' })}>
            next read 41
          </button>
          <button type="button" onClick={() => void call('POST', '/sim/id-card/sam', { status: 'ok', faults: { garbage: 0, dropByte: 0, silent: false } })}>
            SAM ok
          </button>
          <h2>Printer</h2>
          {(['ok', 'near-end', 'out'] as const).map((paper) => (
            <button key={paper} type="button" onClick={() => void call('POST', '/sim/printer/state', { paper })}>
              paper {paper}
            </button>
          ))}
          <button type="button" onClick={() => void call('POST', '/sim/printer/state', { cover: 'open' })}>
            cover open
          </button>
          <button type="button" onClick={() => void call('POST', '/sim/printer/state', { cover: 'closed' })}>
            cover closed
          </button>
          <button type="button" onClick={() => void refreshJobs()}>
            last receipt
          </button>
          {lastJob && <img src={`/sim/printer/jobs/${lastJob.id}.svg`} alt={`Printed job ${lastJob.id}`} />}
          <h2>QR scanner</h2>
          <input aria-label="QR data" value={qr} onInput={(e) => setQr((e.target as HTMLInputElement).value)} />
          <button type="button" onClick={() => qr && void call('POST', '/sim/qr', { data: qr })}>
            scan
          </button>
          <button type="button" onClick={() => void scanEid('resident')}>
            e-ID resident
          </button>
          <button type="button" onClick={() => void scanEid('elder')}>
            e-ID elder
          </button>
          <button type="button" onClick={() => void scanLastReceipt()}>
            scan last receipt QR
          </button>
        </div>
      )}
      <button type="button" class="dock-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'close' : lang === 'zh' ? '开发 DEV' : 'DEV'}
      </button>
    </aside>
  );
}
