/**
 * Terminal configuration (config/terminal.json). Everything a deployment changes lives here, never
 * in code; environment variables override the device choice and the port (design.md contracts).
 */
import { z } from 'zod';
import { LocalText } from '../catalog/schema';

/** `simulated`, `serial:/dev/ttyUSB0@115200`, `hid:VID:PID` (lower-case hex), printer also `tcp:HOST:9100`, `file:/dev/usb/lp0`. */
export const DeviceSpec = z.string().regex(
  /^(simulated|serial:[^@\s]+(@\d{3,7})?|hid:[0-9a-f]{4}:[0-9a-f]{4}|tcp:[^:\s]+:\d{1,5}|file:\/\S+)$/,
  'expected simulated | serial:PATH@BAUD | hid:vid:pid | tcp:HOST:PORT | file:/dev/…',
);
export type DeviceSpec = z.infer<typeof DeviceSpec>;

export const TerminalConfig = z.object({
  $schema: z.string().optional(),
  terminal: z.object({
    id: z.string().regex(/^[A-Za-z0-9-]{3,40}$/),
    name: LocalText,
    hours: LocalText,
    open24h: z.boolean(),
    hallPhone: z.string(),
    pickupPlace: LocalText,
  }),
  display: z.object({
    /** CSS pixels per millimetre on this cabinet's screen: touch targets are sized to ≥ 15 mm with it. */
    pxPerMm: z.number().min(1).max(20),
  }),
  bridge: z.object({
    host: z.string().default('127.0.0.1'),
    /** 0 picks a free port (tests). */
    port: z.number().int().min(0).max(65535).default(8080),
  }),
  session: z.object({
    /** Seconds without a touch before the "are you still there?" warning. */
    idleTimeoutS: z.number().int().min(10).max(3600),
    /** Seconds the warning counts down before everything is wiped. */
    idleWarningS: z.number().int().min(5).max(300),
    /** Seconds the done screen stays before the attract screen returns. */
    doneScreenS: z.number().int().min(3).max(120),
  }),
  devices: z.object({
    idcard: DeviceSpec,
    printer: DeviceSpec,
    qr: DeviceSpec,
  }),
  /** The on-screen dev dock (place a card, pull the paper …); shown only when devices are simulated. */
  devDock: z.enum(['auto', 'off']),
  platform: z.discriminatedUnion('type', [z.object({ type: z.literal('local') })]),
  receipt: z.object({
    /** The tracking QR code on receipts points here, with ?n=<acceptance number>. */
    trackBaseUrl: z.string().url(),
  }),
  browser: z.object({
    /** auto: launch Chromium in kiosk mode when a display exists; never: serve only. */
    launch: z.enum(['auto', 'never']),
    executablePath: z.string(),
  }),
  /** Bundles this terminal offers; empty = all bundles of the catalog. */
  services: z.array(z.string()),
});
export type TerminalConfig = z.infer<typeof TerminalConfig>;
