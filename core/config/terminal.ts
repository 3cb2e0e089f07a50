/**
 * Terminal configuration (config/terminal.json). Everything a deployment changes lives here, never
 * in code; environment variables override the device choice and the port (design.md contracts).
 */
import { z } from 'zod';
import { LanguageCode, LocalName, limits } from '../catalog/schema';
import { AccessibilityDefaults, ReachGeometry } from './accessibility';

/**
 * Size limits on every string and list of the configuration. The configuration travels in every
 * hello to the kiosk page and in signed fleet documents: one oversized value (a 5 MB string) must be
 * refused with its field named, not written to terminal.json. Texts shown to citizens are names
 * (LocalName, ≤ 200 characters each language); `configLimits.helloBytes` is what a configuration at
 * every limit produces as a hello (test/integration/config-limits.test.ts: 23.6 KB measured).
 */
export const configLimits = {
  /** File paths (device nodes, databases, key files, the browser). */
  path: 1024,
  /** URLs (platform, receipts, broker). */
  url: 2048,
  /** Host names (RFC 1035: 253). */
  host: 253,
  /** Short free strings: phone numbers, user names, topic prefixes. */
  short: 200,
  /** Bundles a terminal offers. */
  services: 200,
  /** Accounts per terminal (maintenance, hall). */
  users: 100,
  /** Addresses or CIDR blocks allowed on the LAN listener. */
  allow: 100,
  /** The largest hello (bytes of JSON) a configuration at every limit may produce. */
  helloBytes: 32 * 1024,
} as const;

const Path = z.string().max(configLimits.path);
const Url = z.string().max(configLimits.url);

/** `simulated`, `serial:/dev/ttyUSB0@115200`, `hid:VID:PID` (lower-case hex), printer also `tcp:HOST:9100`, `file:/dev/usb/lp0`. */
export const DeviceSpec = z.string().max(configLimits.path).regex(
  /^(simulated|serial:[^@\s]+(@\d{3,7})?|hid:[0-9a-f]{4}:[0-9a-f]{4}|tcp:[^:\s]+:\d{1,5}|file:\/\S+)$/,
  'expected simulated | serial:PATH@BAUD | hid:vid:pid | tcp:HOST:PORT | file:/dev/…',
);
export type DeviceSpec = z.infer<typeof DeviceSpec>;

/** `scrypt$N$r$p$<salt b64>$<hash b64>`: a password or PIN, never stored in clear (device-bridge/src/auth/staff-auth.ts). */
export const ScryptHash = z.string().max(512).regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'expected scrypt$N$r$p$salt$hash (make one with `npx tsx device-bridge/src/fleet/cli.ts hash-password`)');

/** The maintenance console (/maintenance): who may log in, from where, for how long. */
export const MaintenanceConfig = z.object({
  /** A second listener for the console on the LAN; without it the console is reachable only on the terminal itself. */
  lan: z
    .object({
      host: z.string().max(configLimits.host),
      port: z.number().int().min(0).max(65535),
      /** Client addresses allowed to connect: IPv4 addresses or CIDR blocks (`192.168.10.0/24`). */
      allow: z.array(z.string().max(18).regex(/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/, 'expected an IPv4 address or CIDR block')).min(1).max(configLimits.allow),
      /** Host names the console may be addressed by besides IP addresses (others are refused: DNS rebinding). */
      hostnames: z.array(z.string().max(configLimits.host).regex(/^[a-z0-9.-]+$/)).max(configLimits.allow).optional(),
    })
    .optional(),
  /** Maintenance staff accounts of this terminal (per-terminal credentials). */
  users: z.array(z.object({ name: z.string().regex(/^[a-z0-9._-]{2,32}$/), hash: ScryptHash })).max(configLimits.users),
  /** The PIN asked after the hidden gesture on the kiosk screen. */
  pinHash: ScryptHash.optional(),
  /** Seconds a console session lasts without activity. */
  sessionTtlS: z.number().int().min(60).max(86_400),
  /** Seconds a changed configuration has to prove itself (the kiosk reconnects healthy) before it becomes last-known-good. */
  rollbackWindowS: z.number().int().min(2).max(600),
});
export type MaintenanceConfig = z.infer<typeof MaintenanceConfig>;

/** The optional fleet agent: an MQTT broker that carries status, signed configuration and commands. */
export const FleetConfig = z.object({
  /** mqtt://, mqtts://, ws:// or wss:// URL of the broker. */
  url: Url.regex(/^(mqtts?|wss?):\/\/\S+$/, 'expected mqtt://, mqtts://, ws:// or wss:// URL'),
  /** Topic prefix, e.g. `gov-kiosk/sy` → gov-kiosk/sy/<terminal>/status. */
  prefix: z.string().max(configLimits.short).regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, "expected segments of letters, digits, _ and - separated by /"),
  /** Group this terminal belongs to (district, hall); it also listens to <prefix>/group/<group>/config. */
  group: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
  protocolVersion: z.union([z.literal(4), z.literal(5)]),
  username: z.string().max(configLimits.short).optional(),
  /** Also settable with KIOSK_MQTT_PASSWORD, which keeps it out of the file. */
  password: z.string().max(1024).optional(),
  tls: z.object({ caFile: Path.optional(), certFile: Path.optional(), keyFile: Path.optional(), rejectUnauthorized: z.boolean() }).optional(),
  /** The fleet's Ed25519 public key (PEM, SPKI): only documents signed by its private key are applied. */
  publicKey: z.string().max(2000).includes('BEGIN PUBLIC KEY'),
  /** The broker's MQTT-over-WebSocket URL, for the console's fleet view (ws:// or wss://). */
  wsUrl: Url.regex(/^wss?:\/\/\S+$/).optional(),
});
export type FleetConfig = z.infer<typeof FleetConfig>;

export const TerminalConfig = z.object({
  $schema: z.string().max(configLimits.path).optional(),
  terminal: z.object({
    id: z.string().regex(/^[A-Za-z0-9-]{3,40}$/),
    name: LocalName,
    hours: LocalName,
    open24h: z.boolean(),
    hallPhone: z.string().max(40),
    pickupPlace: LocalName,
    /** 行政区划 code (6 digits) of the terminal's district: examples in catalog hints name this region. */
    region: z.string().regex(/^\d{6}$/).optional(),
  }),
  display: z.object({
    /** CSS pixels per millimetre on this cabinet's screen: touch targets are sized to ≥ 15 mm with it. */
    pxPerMm: z.number().min(1).max(20),
    /** The cabinet's geometry for the low-reach layout (wheelchair users); without it, 1000 mm and 1220 mm. */
    reach: ReachGeometry.optional(),
  }),
  bridge: z.object({
    host: z.string().max(configLimits.host).default('127.0.0.1'),
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
      file: Path.default('backoffice.sqlite'),
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
      baseUrl: Url.url(),
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
      /** Retries for reads; submissions are retried by the outbox. */
      retries: z.number().int().min(0).max(10).default(2),
    }),
  ]),
  /** The durable outbox: submissions and ratings wait here, encrypted, until the platform has them. */
  outbox: z
    .object({
      /** Relative paths are in the data directory (KIOSK_DATA_DIR, default ./var). */
      file: Path.default('outbox.sqlite'),
      /** 32 random bytes (hex); created 0600 when missing. Back it up separately from the database. */
      keyFile: Path.default('outbox.key'),
      /** Delivered entries are deleted after this many hours. */
      retentionHours: z.number().min(0).max(24 * 90).default(72),
      /** Below this much free disk space no submission is taken. */
      minFreeMb: z.number().min(0).default(50),
      retry: z.object({ baseMs: z.number().int().min(10), maxMs: z.number().int().min(100) }).default({ baseMs: 1000, maxMs: 300_000 }),
    })
    .default({ file: 'outbox.sqlite', keyFile: 'outbox.key', retentionHours: 72, minFreeMb: 50, retry: { baseMs: 1000, maxMs: 300_000 } }),
  /** Staff accounts for /hall: scrypt hashes, made like the maintenance ones (`fleet/cli.ts hash-password`). */
  hall: z
    .object({
      users: z.array(z.object({ name: z.string().regex(/^[a-z0-9._-]{2,32}$/), hash: ScryptHash })).max(configLimits.users),
      sessionMinutes: z.number().int().min(1).max(720).default(60),
      lockout: z.object({ attempts: z.number().int().min(1).max(20), minutes: z.number().int().min(1).max(1440) }).default({ attempts: 5, minutes: 15 }),
    })
    .default({ users: [], sessionMinutes: 60, lockout: { attempts: 5, minutes: 15 } }),
  receipt: z.object({
    /** The tracking QR code on receipts points here, with ?n=<acceptance number>. */
    trackBaseUrl: Url.url(),
  }),
  browser: z.object({
    /** auto: launch Chromium in kiosk mode when a display exists; never: serve only. */
    launch: z.enum(['auto', 'never']),
    executablePath: Path,
  }),
  /** Bundles this terminal offers (codes of catalog bundles); empty = all bundles of the catalog. */
  services: z
    .array(
      z
        .string()
        .max(limits.code)
        .regex(/^[a-z][a-z0-9-]*$/, { error: (issue) => `${JSON.stringify(String(issue.input).slice(0, limits.code))} is not a bundle code (lower-case letters, digits and -)` }),
    )
    .max(configLimits.services),
  /** Languages offered (first = default) and the accessibility settings a session starts with. */
  languages: z.array(LanguageCode).min(1).max(LanguageCode.options.length).optional(),
  accessibility: AccessibilityDefaults.optional(),
  maintenance: MaintenanceConfig.optional(),
  fleet: FleetConfig.optional(),
});
export type TerminalConfig = z.infer<typeof TerminalConfig>;
