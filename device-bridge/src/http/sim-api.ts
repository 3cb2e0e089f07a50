/**
 * The simulator control API of the design's contracts, for trainers, demos and tests. It exists only
 * for devices that are simulated; with real devices these routes answer 404. The ID card and QR
 * routes drive byte-level simulators under the real drivers, and answer once the driver has seen
 * the change (a card read, a removal, an unplug), with the status that results.
 *   POST /sim/id-card {identity fields} | {"preset": NAME} · DELETE /sim/id-card
 *   POST /sim/id-card/connection {"connected": bool}
 *   POST /sim/id-card/sam {"status": "ok"|"self-check-failed"|"not-authorised", "failNext": "no-card"|"select-failed"|"read-failed",
 *                          "faults": {"garbage": 0..1, "dropByte": 0..1, "stallNextMs": n, "silent": bool}} (any subset)
 *   POST /sim/qr {"data": "..."}
 *   POST /sim/printer/state {"paper": "ok"|"near-end"|"out", "cover": "closed"|"open", "online": bool}
 *   GET /sim/printer/jobs · GET /sim/printer/jobs/:id.svg · GET /sim/printer/jobs/:id.png · DELETE /sim/printer/jobs
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { Identity } from '../../../core/identity';
import type { Devices } from '../devices/devices';
import { identityPresets, isPresetName } from '../devices/idcard/presets';
import { readJson, sendError, sendJson } from './routes';

const CardBody = z.union([
  z.object({ preset: z.string() }).strict(),
  z.object({ unsupported: z.literal(true) }).strict(),
  Identity,
]);
const ConnectionBody = z.object({ connected: z.boolean() });
const SamBody = z
  .object({
    status: z.enum(['ok', 'self-check-failed', 'not-authorised']),
    failNext: z.enum(['no-card', 'select-failed', 'read-failed']),
    faults: z
      .object({ garbage: z.number().min(0).max(1), dropByte: z.number().min(0).max(0.1), stallNextMs: z.number().int().min(0).max(60_000), silent: z.boolean() })
      .partial()
      .strict(),
  })
  .partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one of status, failNext, faults');
const QrBody = z.object({ data: z.string().min(1).max(4096) });
const PrinterStateBody = z
  .object({ paper: z.enum(['ok', 'near-end', 'out']), cover: z.enum(['closed', 'open']), online: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'give at least one of paper, cover, online');

export async function handleSim(req: IncomingMessage, res: ServerResponse, path: string, devices: Devices): Promise<boolean> {
  const { sim } = devices;
  const method = req.method ?? 'GET';

  if (path === '/sim/id-card' || path === '/sim/id-card/connection' || path === '/sim/id-card/sam') {
    if (!sim.idcard) return sendError(res, 404, 'the ID card reader is not simulated'), true;
    if (path === '/sim/id-card/sam') {
      if (method !== 'POST') return sendError(res, 405, 'method not allowed'), true;
      const body = await readJson(req, SamBody);
      if (!body.ok) return sendError(res, 400, body.error.message, body.error.path), true;
      sim.idcard.configureSam(body.value);
      // A SAM status shows at the reader's next self-check (SELF_CHECK_INTERVAL_MS), as on a real module.
      return sendJson(res, 200, { status: sim.idcard.status() }), true;
    }
    if (path === '/sim/id-card/connection' && method === 'POST') {
      const body = await readJson(req, ConnectionBody);
      if (!body.ok) return sendError(res, 400, body.error.message, body.error.path), true;
      await sim.idcard.setConnected(body.value.connected);
      return sendJson(res, 200, { status: sim.idcard.status() }), true;
    }
    if (method === 'DELETE' && path === '/sim/id-card') {
      await sim.idcard.remove();
      return sendJson(res, 200, { status: sim.idcard.status() }), true;
    }
    if (method === 'POST' && path === '/sim/id-card') {
      const body = await readJson(req, CardBody);
      if (!body.ok) return sendError(res, 400, body.error.message, body.error.path), true;
      const b = body.value;
      try {
        if ('unsupported' in b) await sim.idcard.placeUnsupported(identityPresets.resident);
        else if ('preset' in b) {
          if (!isPresetName(b.preset)) return sendError(res, 400, `unknown preset ${b.preset}; known: ${Object.keys(identityPresets).join(', ')}`, 'preset'), true;
          await sim.idcard.place(identityPresets[b.preset]);
        } else await sim.idcard.place(b);
      } catch (e) {
        // A field too long for the card's fixed-size text block.
        return sendError(res, 400, `cannot write this identity to a card: ${(e as Error).message}`), true;
      }
      return sendJson(res, 200, { status: sim.idcard.status() }), true;
    }
    return sendError(res, 405, 'method not allowed'), true;
  }

  if (path === '/sim/qr') {
    if (!sim.qr) return sendError(res, 404, 'the QR scanner is not simulated'), true;
    if (method !== 'POST') return sendError(res, 405, 'method not allowed'), true;
    const body = await readJson(req, QrBody);
    if (!body.ok) return sendError(res, 400, body.error.message, body.error.path), true;
    await sim.qr.scan(body.value.data);
    return sendJson(res, 200, { scanned: true }), true;
  }

  if (path.startsWith('/sim/printer')) {
    if (!sim.printer) return sendError(res, 404, 'the printer is not simulated'), true;
    if (path === '/sim/printer/state') {
      if (method === 'GET') return sendJson(res, 200, { state: sim.printer.state(), status: devices.printerMonitor.status() }), true;
      if (method !== 'POST') return sendError(res, 405, 'method not allowed'), true;
      const body = await readJson(req, PrinterStateBody);
      if (!body.ok) return sendError(res, 400, body.error.message, body.error.path), true;
      sim.printer.setState(body.value);
      const status = await devices.printerMonitor.poll();
      return sendJson(res, 200, { state: sim.printer.state(), status }), true;
    }
    if (path === '/sim/printer/jobs') {
      if (method === 'DELETE') return sim.printer.clearJobs(), sendJson(res, 200, { jobs: [] }), true;
      const jobs = sim.printer.jobs().map(({ svg: _svg, ...job }) => ({ ...job, svgUrl: `/sim/printer/jobs/${job.id}.svg`, pngUrl: `/sim/printer/jobs/${job.id}.png` }));
      return sendJson(res, 200, { jobs }), true;
    }
    const png = /^\/sim\/printer\/jobs\/(\d+)\.png$/.exec(path);
    if (png) {
      const image = sim.printer.jobPng(Number(png[1]));
      if (!image) return sendError(res, 404, 'no such job'), true;
      res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
      return res.end(image), true;
    }
    const svg = /^\/sim\/printer\/jobs\/(\d+)\.svg$/.exec(path);
    if (svg) {
      const job = sim.printer.jobs().find((j) => j.id === Number(svg[1]));
      if (!job) return sendError(res, 404, 'no such job'), true;
      res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' });
      return res.end(job.svg), true;
    }
  }
  return false;
}
