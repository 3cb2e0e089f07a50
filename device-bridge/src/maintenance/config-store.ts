/**
 * The terminal configuration as a document that can be changed while the terminal runs (from the
 * maintenance console or a signed fleet document), atomically and reversibly:
 *
 *  1. the new document is validated against core/config/terminal.ts before anything is touched;
 *  2. the file in use is kept as last-known-good (`<name>.last-good.json`), the new one is written
 *     with write-temp + fsync + rename, and a state file records that it is on trial;
 *  3. the running bridge switches to it, and a health probe (the kiosk page reconnects and is
 *     served) must pass within the rollback window;
 *  4. pass → it becomes last-known-good; fail → the last-known-good document is written back and
 *     switched to, by the terminal itself.
 *
 * If the bridge dies while a document is on trial (it may be the document that killed it), the next
 * start finds the state file still saying "trial" and starts from last-known-good instead.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { canonicalJson } from '../../../core/catalog/canonical-json';
import { TerminalConfig } from '../../../core/config/terminal';
import { describeZodError } from '../../../core/protocol/messages';
import { err, ok, type Result } from '../../../core/result';
import { applyEnvOverrides } from '../config';
import type { Logger } from '../log';
import { writeFileAtomic } from './atomic-file';
import { diffPaths, isRestartOnly, testDeviceChanges, type DeviceTest } from './config-validation';

export { diffPaths };

/** First 12 hex characters of SHA-256 over the canonical JSON of the document (without `$schema`). */
export function configVersion(document: TerminalConfig): string {
  const { $schema: _schema, ...content } = document;
  return createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 12);
}

export type ProbeResult = { healthy: true } | { healthy: false; reason: string };

export interface ConfigStoreOptions {
  file: string;
  env?: NodeJS.ProcessEnv;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Switches the running terminal to this configuration (in effect: document + environment overrides). */
  switchTo: (effective: TerminalConfig) => void | Promise<void>;
  /** Resolves when the terminal shows it is healthy on the configuration just switched to, or not within `windowMs`. */
  probe: (windowMs: number) => Promise<ProbeResult>;
  /**
   * Tests the restart-only fields a change touches before it is kept (on trial, so a failure rolls
   * back); by default each changed device is opened once (config-validation.ts testDeviceChanges).
   */
  testRestartOnly?: (previous: TerminalConfig, candidate: TerminalConfig, timeoutMs: number) => Promise<DeviceTest>;
  now?: () => Date;
}

export type ApplyError =
  | { code: 'invalid'; message: string; path: string }
  | { code: 'rolled-back'; message: string; version: string; restoredVersion: string }
  | { code: 'io'; message: string };

export interface ApplyOutcome {
  version: string;
  previousVersion: string;
  /** Dotted paths of the fields that changed. */
  changed: string[];
  /** Changed fields that take effect only after the bridge restarts. */
  restartRequired: string[];
}

export interface ConfigState {
  state: 'good' | 'trial' | 'rolled-back';
  version: string;
  lastGoodVersion: string;
  /** Why the last change was rolled back, if it was. */
  lastRollback: { version: string; reason: string; at: string } | null;
  changedAt: string | null;
}

interface StateFile {
  state: 'trial' | 'good';
  trialVersion?: string;
  lastRollback?: ConfigState['lastRollback'];
}

export class TerminalConfigStore {
  private doc: TerminalConfig;
  private lastGood: TerminalConfig;
  private state: ConfigState['state'] = 'good';
  private lastRollback: ConfigState['lastRollback'] = null;
  private changedAt: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;
  readonly lastGoodFile: string;
  readonly stateFile: string;

  private constructor(
    private readonly options: ConfigStoreOptions,
    doc: TerminalConfig,
  ) {
    this.doc = doc;
    this.lastGood = doc;
    this.now = options.now ?? (() => new Date());
    const stem = basename(options.file).replace(/\.json$/, '');
    this.lastGoodFile = join(dirname(options.file), `${stem}.last-good.json`);
    this.stateFile = join(dirname(options.file), `${stem}.state.json`);
  }

  /**
   * Reads the file (already validated by loadTerminalConfig at start-up) and recovers from a trial
   * that never finished: the bridge stopped while a new document was on probation, so it goes back.
   */
  static async open(options: ConfigStoreOptions, document: TerminalConfig): Promise<TerminalConfigStore> {
    const store = new TerminalConfigStore(options, document);
    const saved = await readJsonFile(store.stateFile);
    const lastGood = TerminalConfig.safeParse(await readJsonFile(store.lastGoodFile));
    if (lastGood.success) store.lastGood = lastGood.data;
    const state = saved as StateFile | null;
    if (state?.lastRollback) store.lastRollback = state.lastRollback;
    if (state?.state === 'trial' && lastGood.success && configVersion(lastGood.data) !== configVersion(document)) {
      const reason = 'the terminal stopped while this configuration was on trial';
      options.logger.warn({ version: configVersion(document), restored: configVersion(lastGood.data) }, `${reason}; starting from last-known-good`);
      await writeFileAtomic(options.file, `${JSON.stringify(lastGood.data, null, 2)}\n`);
      store.doc = lastGood.data;
      store.state = 'rolled-back';
      store.lastRollback = { version: configVersion(document), reason, at: store.now().toISOString() };
      await store.writeState({ state: 'good', lastRollback: store.lastRollback });
    } else if (!lastGood.success) {
      await writeFileAtomic(store.lastGoodFile, `${JSON.stringify(document, null, 2)}\n`);
      store.lastGood = document;
    }
    return store;
  }

  /** The document as in the file (what the console edits). */
  document(): TerminalConfig {
    return structuredClone(this.doc);
  }

  version(): string {
    return configVersion(this.doc);
  }

  status(): ConfigState {
    return {
      state: this.state,
      version: configVersion(this.doc),
      lastGoodVersion: configVersion(this.lastGood),
      lastRollback: this.lastRollback,
      changedAt: this.changedAt,
    };
  }

  /** Validates, writes, switches, probes; rolls back by itself when the probe fails. One apply at a time. */
  apply(next: unknown, windowMs: number): Promise<Result<ApplyOutcome, ApplyError>> {
    const run = this.queue.then(() => this.applyNow(next, windowMs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(next: unknown, windowMs: number): Promise<Result<ApplyOutcome, ApplyError>> {
    const parsed = TerminalConfig.safeParse(next);
    if (!parsed.success) return err({ code: 'invalid', ...describeZodError(parsed.error) });
    const candidate = parsed.data;
    const effective = applyEnvOverrides(candidate, this.options.env ?? process.env);
    if (!effective.ok) return err({ code: 'invalid', message: effective.error.message, path: effective.error.path });

    const previous = this.doc;
    const previousVersion = configVersion(previous);
    const version = configVersion(candidate);
    const changed = diffPaths(previous, candidate).filter((p) => p !== '$schema');
    const restartRequired = changed.filter(isRestartOnly);
    if (changed.length === 0) return ok({ version, previousVersion, changed, restartRequired });

    try {
      await writeFileAtomic(this.lastGoodFile, `${JSON.stringify(previous, null, 2)}\n`);
      this.lastGood = previous;
      await this.writeState({ state: 'trial', trialVersion: version, ...(this.lastRollback ? { lastRollback: this.lastRollback } : {}) });
      await writeFileAtomic(this.options.file, `${JSON.stringify(candidate, null, 2)}\n`);
    } catch (e) {
      return err({ code: 'io', message: `cannot write the configuration: ${(e as Error).message}` });
    }
    this.doc = candidate;
    this.state = 'trial';
    this.changedAt = this.now().toISOString();
    this.options.logger.info({ version, previousVersion, changed }, 'configuration applied; on trial until the kiosk is healthy');

    let probe: ProbeResult;
    let switched = false;
    try {
      // Restart-only fields take effect only after a restart, when it is too late to roll back: test them now.
      const tested = restartRequired.length ? await (this.options.testRestartOnly ?? testDeviceChanges)(previous, candidate, Math.min(windowMs, 5000)) : { ok: true as const };
      if (!tested.ok) probe = { healthy: false, reason: tested.reason };
      else {
        switched = true;
        await this.options.switchTo(effective.value);
        probe = await this.options.probe(windowMs);
      }
    } catch (e) {
      probe = { healthy: false, reason: `switching failed: ${(e as Error).message}` };
    }
    if (probe.healthy) {
      this.lastGood = candidate;
      this.state = 'good';
      await writeFileAtomic(this.lastGoodFile, `${JSON.stringify(candidate, null, 2)}\n`);
      await this.writeState({ state: 'good', ...(this.lastRollback ? { lastRollback: this.lastRollback } : {}) });
      this.options.logger.info({ version }, 'configuration confirmed healthy; now last-known-good');
      return ok({ version, previousVersion, changed, restartRequired });
    }

    // Roll back: the previous document is the last that was known good.
    this.options.logger.error({ version, restored: previousVersion, reason: probe.reason }, 'configuration not healthy; rolling back');
    await writeFileAtomic(this.options.file, `${JSON.stringify(previous, null, 2)}\n`);
    this.doc = previous;
    this.state = 'rolled-back';
    this.lastRollback = { version, reason: probe.reason, at: this.now().toISOString() };
    await this.writeState({ state: 'good', lastRollback: this.lastRollback });
    const restored = applyEnvOverrides(previous, this.options.env ?? process.env);
    if (restored.ok && switched) await this.options.switchTo(restored.value);
    return err({ code: 'rolled-back', message: `rolled back: ${probe.reason}`, version, restoredVersion: previousVersion });
  }

  private async writeState(state: StateFile): Promise<void> {
    await writeFileAtomic(this.stateFile, `${JSON.stringify(state)}\n`);
  }

  /** Removes the bookkeeping files (tests). */
  async removeBookkeeping(): Promise<void> {
    await rm(this.lastGoodFile, { force: true });
    await rm(this.stateFile, { force: true });
  }
}

async function readJsonFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}
