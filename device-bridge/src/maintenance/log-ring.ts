/**
 * Keeps the latest log lines in memory for the maintenance console (view, download, recent errors).
 * It is a pino destination, so it receives lines after pino's redaction and ID-number masking
 * (device-bridge/src/log.ts): what the console shows is what the log file holds, free of personal data.
 */
import { Writable } from 'node:stream';

export interface LogLine {
  time: number;
  level: number;
  msg: string;
  raw: string;
}

export class LogRing extends Writable {
  private readonly lines: LogLine[] = [];
  private partial = '';

  constructor(private readonly capacity = 2000) {
    super({ decodeStrings: false });
  }

  override _write(chunk: string | Buffer, _encoding: BufferEncoding, callback: () => void): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const raw of parts) if (raw.trim()) this.push1(raw);
    callback();
  }

  private push1(raw: string): void {
    let line: LogLine = { time: Date.now(), level: 30, msg: raw, raw };
    try {
      const j = JSON.parse(raw) as { time?: number; level?: number; msg?: string };
      line = { time: j.time ?? Date.now(), level: j.level ?? 30, msg: j.msg ?? '', raw };
    } catch {
      // not JSON: keep the text as the message
    }
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  recent(limit = 500, minLevel = 0): LogLine[] {
    return this.lines.filter((l) => l.level >= minLevel).slice(-limit);
  }

  /** The whole ring as NDJSON, oldest first (the download). */
  ndjson(): string {
    return this.lines.map((l) => l.raw).join('\n') + (this.lines.length ? '\n' : '');
  }
}
