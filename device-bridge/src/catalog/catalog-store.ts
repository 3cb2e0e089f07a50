/**
 * Reads the catalog fragments from disk (config/catalog/**\/*.json), builds the catalog with
 * core/catalog/build.ts and keeps the last good one: a broken edit pushed to a terminal must not
 * take its services away, only show up in status() for maintenance staff.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { buildCatalog, type CatalogError, type CatalogFragmentInput } from '../../../core/catalog/build';
import { canonicalJson } from '../../../core/catalog/canonical-json';
import type { Catalog } from '../../../core/catalog/schema';
import { err, ok, type Result } from '../../../core/result';
import type { Logger } from '../log';

/** First 12 hex characters of SHA-256 over the canonical JSON of the catalog without its version. */
export function catalogVersion(catalog: Omit<Catalog, 'version'> & { version?: string }): string {
  const { version: _ignored, ...content } = catalog;
  return createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 12);
}

async function listJsonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && entry.name.endsWith('.json')) out.push(path);
    }
  };
  await walk(dir);
  return out;
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export function parseJson(file: string, text: string): Result<unknown, CatalogError> {
  try {
    return ok(JSON.parse(text));
  } catch (e) {
    const message = (e as Error).message;
    // V8 reports "… in JSON at position N"; newer versions add "(line L column C)" themselves.
    const position = /at position (\d+)/.exec(message);
    const where = position ? lineColumn(text, Number(position[1])) : null;
    const at = where ? ` at line ${where.line}, column ${where.column}` : '';
    return err({ file, path: '$', message: `invalid JSON${at}: ${message}` });
  }
}

/**
 * Every *.json under `dir`, recursively, in sorted order of their paths relative to `dir`
 * (which also name them in errors), validated and merged.
 */
export async function loadCatalogDir(dir: string): Promise<Result<Catalog, CatalogError[]>> {
  let paths: string[];
  try {
    paths = await listJsonFiles(dir);
  } catch (e) {
    return err([{ file: dir, path: '$', message: `cannot read the catalog directory: ${(e as Error).message}` }]);
  }
  const named = paths
    .map((path) => ({ path, file: relative(dir, path).split(sep).join('/') }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (named.length === 0) return err([{ file: dir, path: '$', message: 'no catalog fragments (*.json) found' }]);

  const errors: CatalogError[] = [];
  const fragments: CatalogFragmentInput[] = [];
  for (const { path, file } of named) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      errors.push({ file, path: '$', message: `cannot read the file: ${(e as Error).message}` });
      continue;
    }
    const parsed = parseJson(file, text.replace(/^\uFEFF/, ''));
    if (parsed.ok) fragments.push({ file, data: parsed.value });
    else errors.push(parsed.error);
  }
  // Fragments that did parse are still built, so one pass reports every error of every file.
  const built = buildCatalog(fragments, '');
  if (!built.ok) return err([...errors, ...built.error]);
  if (errors.length > 0) return err(errors);
  return ok({ ...built.value, version: catalogVersion(built.value) });
}

export interface CatalogStatus {
  /** Version of the catalog in use, null before the first good load. */
  version: string | null;
  /** Errors of the latest load attempt; empty when it succeeded. */
  errors: CatalogError[];
  /** When the catalog in use was loaded (ISO 8601), null before the first good load. */
  loadedAt: string | null;
}

export class CatalogStore {
  private catalog: Catalog | null = null;
  private errors: CatalogError[] = [];
  private loadedAt: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;
  private readonly loadDir: typeof loadCatalogDir;

  constructor(
    private readonly dir: string,
    private readonly logger?: Pick<Logger, 'info' | 'error'>,
    options: { now?: () => Date; loadDir?: typeof loadCatalogDir } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.loadDir = options.loadDir ?? loadCatalogDir;
  }

  /**
   * (Re)loads the directory. On failure the previous catalog stays in use. Loads run one after
   * the other, so a slow earlier load can never overwrite the result of a later one.
   */
  load(): Promise<{ ok: boolean; errors: CatalogError[] }> {
    const run = this.queue.then(() => this.loadNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async loadNow(): Promise<{ ok: boolean; errors: CatalogError[] }> {
    const result = await this.loadDir(this.dir);
    if (!result.ok) {
      this.errors = result.error;
      this.logger?.error(
        { dir: this.dir, errorCount: result.error.length, errors: result.error.slice(0, 20), keptVersion: this.catalog?.version ?? null },
        'catalog load failed; keeping the last good catalog',
      );
      return { ok: false, errors: result.error };
    }
    const previous = this.catalog?.version ?? null;
    this.catalog = result.value;
    this.errors = [];
    this.loadedAt = this.now().toISOString();
    this.logger?.info(
      {
        dir: this.dir,
        version: result.value.version,
        previousVersion: previous,
        bundles: result.value.bundles.length,
        items: result.value.items.length,
      },
      previous === result.value.version ? 'catalog reloaded, unchanged' : 'catalog loaded',
    );
    return { ok: true, errors: [] };
  }

  current(): Catalog | null {
    return this.catalog;
  }

  status(): CatalogStatus {
    return { version: this.catalog?.version ?? null, errors: this.errors, loadedAt: this.loadedAt };
  }
}
