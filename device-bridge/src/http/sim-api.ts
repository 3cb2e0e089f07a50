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
import { z } from 'zod';
import { Identity } from '../../../core/identity';
import type { Devices } from '../devices/devices';
import { identityPresets, isPresetName } from '../devices/idcard/presets';
import { bodyLimits, sendError, type HttpApp } from './app';

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

/**
 * Registers the routes on the kiosk's listener. Bodies: JSON only (415 otherwise, so a page on
 * another origin cannot post a text/plain "simple request"), at most `bodyLimits.SIM` bytes.
 */
export function simRoutes(app: HttpApp, devices: Devices): void {
  const { sim } = devices;
  const limit = { bodyLimit: bodyLimits.SIM };

  app.post('/sim/id-card/sam', { ...limit, schema: { body: SamBody } }, async (req, reply) => {
    if (!sim.idcard) return sendError(reply, 404, 'the ID card reader is not simulated');
    sim.idcard.configureSam(req.body);
    // A SAM status shows at the reader's next self-check (SELF_CHECK_INTERVAL_MS), as on a real module.
    return { status: sim.idcard.status() };
  });
  app.post('/sim/id-card/connection', { ...limit, schema: { body: ConnectionBody } }, async (req, reply) => {
    if (!sim.idcard) return sendError(reply, 404, 'the ID card reader is not simulated');
    await sim.idcard.setConnected(req.body.connected);
    return { status: sim.idcard.status() };
  });
  app.delete('/sim/id-card', limit, async (_req, reply) => {
    if (!sim.idcard) return sendError(reply, 404, 'the ID card reader is not simulated');
    await sim.idcard.remove();
    return { status: sim.idcard.status() };
  });
  app.post('/sim/id-card', { ...limit, schema: { body: CardBody } }, async (req, reply) => {
    if (!sim.idcard) return sendError(reply, 404, 'the ID card reader is not simulated');
    const b = req.body;
    try {
      if ('unsupported' in b) await sim.idcard.placeUnsupported(identityPresets.resident);
      else if ('preset' in b) {
        if (!isPresetName(b.preset)) return sendError(reply, 400, `unknown preset ${b.preset}; known: ${Object.keys(identityPresets).join(', ')}`, 'preset');
        await sim.idcard.place(identityPresets[b.preset]);
      } else await sim.idcard.place(b);
    } catch (e) {
      // A field too long for the card's fixed-size text block.
      return sendError(reply, 400, `cannot write this identity to a card: ${(e as Error).message}`);
    }
    return { status: sim.idcard.status() };
  });

  app.post('/sim/qr', { ...limit, schema: { body: QrBody } }, async (req, reply) => {
    if (!sim.qr) return sendError(reply, 404, 'the QR scanner is not simulated');
    await sim.qr.scan(req.body.data);
    return { scanned: true };
  });

  app.get('/sim/printer/state', async (_req, reply) => {
    if (!sim.printer) return sendError(reply, 404, 'the printer is not simulated');
    return { state: sim.printer.state(), status: devices.printerMonitor.status() };
  });
  app.post('/sim/printer/state', { ...limit, schema: { body: PrinterStateBody } }, async (req, reply) => {
    if (!sim.printer) return sendError(reply, 404, 'the printer is not simulated');
    sim.printer.setState(req.body);
    const status = await devices.printerMonitor.poll();
    return { state: sim.printer.state(), status };
  });
  app.get('/sim/printer/jobs', async (_req, reply) => {
    if (!sim.printer) return sendError(reply, 404, 'the printer is not simulated');
    const jobs = sim.printer.jobs().map(({ svg: _svg, ...job }) => ({ ...job, svgUrl: `/sim/printer/jobs/${job.id}.svg`, pngUrl: `/sim/printer/jobs/${job.id}.png` }));
    return { jobs };
  });
  app.delete('/sim/printer/jobs', limit, async (_req, reply) => {
    if (!sim.printer) return sendError(reply, 404, 'the printer is not simulated');
    sim.printer.clearJobs();
    return { jobs: [] };
  });
  app.get('/sim/printer/jobs/:file', async (req, reply) => {
    if (!sim.printer) return sendError(reply, 404, 'the printer is not simulated');
    const m = /^(\d{1,9})\.(png|svg)$/.exec((req.params as { file: string }).file);
    if (!m) return sendError(reply, 404, 'no such simulator route');
    const id = Number(m[1]);
    if (m[2] === 'png') {
      const image = sim.printer.jobPng(id);
      if (!image) return sendError(reply, 404, 'no such job');
      return reply.type('image/png').send(image);
    }
    const job = sim.printer.jobs().find((j) => j.id === id);
    if (!job) return sendError(reply, 404, 'no such job');
    return reply.type('image/svg+xml').send(job.svg);
  });
}
