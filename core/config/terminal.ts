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
  platform: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('local'),
      /** The embedded back office's database (relative paths: to the data directory). */
      file: z.string().default('backoffice.sqlite'),
      /**
       * Demo rules: seconds after submission at which an item moves on (已受理, 审查中, 已办结; then
       * 待领取 or 已邮寄). 0 = never by time, only by staff at /hall. Items promised in 0 days (即办)
       * are decided at once (秒批).
       */
      stages: z
        .object({ acceptAfterS: z.number().int().min(0), reviewAfterS: z.number().int().min(0), doneAfterS: z.number().int().min(0) })
        .default({ acceptAfterS: 60, reviewAfterS: 600, doneAfterS: 3600 }),
    }),
    z.object({
      type: z.literal('http'),
      /** The platform API (config/platform-api.openapi.yaml). */
      baseUrl: z.string().url(),
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
      /** Retries for reads; submissions are retried by the outbox. */
      retries: z.number().int().min(0).max(10).default(2),
    }),
  ]),
  /** The durable outbox: submissions and ratings wait here, encrypted, until the platform has them. */
  outbox: z
    .object({
      /** Relative paths are in the data directory (KIOSK_DATA_DIR, default ./var). */
      file: z.string().default('outbox.sqlite'),
      /** 32 random bytes (hex); created 0600 when missing. Back it up separately from the database. */
      keyFile: z.string().default('outbox.key'),
      /** Delivered entries are deleted after this many hours. */
      retentionHours: z.number().min(0).max(24 * 90).default(72),
      /** Below this much free disk space no submission is taken. */
      minFreeMb: z.number().min(0).default(50),
      retry: z.object({ baseMs: z.number().int().min(10), maxMs: z.number().int().min(100) }).default({ baseMs: 1000, maxMs: 300_000 }),
    })
    .default({ file: 'outbox.sqlite', keyFile: 'outbox.key', retentionHours: 72, minFreeMb: 50, retry: { baseMs: 1000, maxMs: 300_000 } }),
  /** Staff accounts for /hall (scrypt hashes: `npx tsx device-bridge/src/hall/hash-password.ts`). */
  hall: z
    .object({
      users: z.array(z.object({ name: z.string().regex(/^[a-z0-9._-]{2,32}$/), scrypt: z.string().regex(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{128}$/) })),
      sessionMinutes: z.number().int().min(1).max(720).default(60),
      lockout: z.object({ attempts: z.number().int().min(1).max(20), minutes: z.number().int().min(1).max(1440) }).default({ attempts: 5, minutes: 15 }),
    })
    .default({ users: [], sessionMinutes: 60, lockout: { attempts: 5, minutes: 15 } }),
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
