/**
 * The built kiosk in memory: loading it does not wait on compression (the bridge's start, the
 * kiosk's boot); the text files get their gzip copy soon after, and it is the same bytes.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadStaticFiles } from './static-files';

describe('static files', () => {
  it('are loaded uncompressed at once, then compressed in the background', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'static-'));
    mkdirSync(join(dir, 'assets'));
    const js = 'export const x = 1;\n'.repeat(500);
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>' + ' '.repeat(600));
    writeFileSync(join(dir, 'assets', 'index-abc.js'), js);
    writeFileSync(join(dir, 'assets', 'tiny.js'), 'x');
    const files = await loadStaticFiles(dir);
    const chunk = files.get('/assets/index-abc.js')!;
    expect(chunk.body.toString()).toBe(js);
    expect(chunk.gzip).toBeNull(); // not compressed before the bridge listens
    expect(chunk.immutable).toBe(true);
    expect(files.get('/index.html')!.immutable).toBe(false);
    await expect.poll(() => chunk.gzip !== null && files.get('/index.html')!.gzip !== null, { timeout: 10_000 }).toBe(true);
    expect(gunzipSync(chunk.gzip!).toString()).toBe(js);
    expect(files.get('/assets/tiny.js')!.gzip).toBeNull(); // too small to be worth it
  });
});
