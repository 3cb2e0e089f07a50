/**
 * Who changed what on this terminal: an append-only JSON-lines file plus the latest entries in
 * memory. Entries name maintenance accounts (staff, not citizens), actions and configuration paths;
 * never anything about a citizen.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface AuditEntry {
  at: string;
  /** Account name, `kiosk-pin`, or `fleet:<key id>` for signed fleet documents. */
  actor: string;
  /** Where the actor came from: `lan:<address>`, `kiosk`, `fleet`. */
  via: string;
  action: string;
  outcome: 'ok' | 'refused' | 'failed' | 'rolled-back';
  detail?: Record<string, string | number | boolean | string[] | null>;
}

export class AuditLog {
  private readonly recentEntries: AuditEntry[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async loadRecent(): Promise<void> {
    if (!this.file) return;
    try {
      const lines = (await readFile(this.file, 'utf8')).trim().split('\n').slice(-200);
      for (const l of lines) if (l) this.recentEntries.push(JSON.parse(l) as AuditEntry);
    } catch {
      // no audit file yet
    }
  }

  record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    const full: AuditEntry = { at: this.now().toISOString(), ...entry };
    this.recentEntries.push(full);
    if (this.recentEntries.length > 200) this.recentEntries.shift();
    if (!this.file) return Promise.resolve();
    const file = this.file;
    this.writing = this.writing.then(async () => {
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, `${JSON.stringify(full)}\n`);
    });
    return this.writing;
  }

  recent(): AuditEntry[] {
    return [...this.recentEntries].reverse();
  }
}
