/**
 * The OpenAPI file, the http adapter and the contract-enforcing test server describe one API: every
 * path the adapter calls is documented, every documented path is called, and the Submission schema's
 * properties and required fields are the ones the test server enforces. (A text check of the YAML:
 * no YAML parser is a dependency of this project.)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SubmissionBody } from '../../../test/support/platform-server';

const root = resolve(import.meta.dirname, '../../..');
const yaml = readFileSync(resolve(root, 'config/platform-api.openapi.yaml'), 'utf8');
const adapter = readFileSync(resolve(import.meta.dirname, 'http-platform.ts'), 'utf8');

function schemaBlock(name: string): string {
  const start = yaml.indexOf(`\n    ${name}:\n`);
  if (start < 0) throw new Error(`schema ${name} not in the OpenAPI file`);
  const rest = yaml.slice(start + 1);
  const end = rest.slice(1).search(/\n {4}[A-Za-z]+:\n|\n {2}[a-z]+:\n/);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

describe('platform API contract', () => {
  it('documents exactly the paths the http adapter calls', () => {
    const documented = [...yaml.matchAll(/^ {2}(\/v1\/[^:]+):$/gm)].map((m) => m[1]).sort();
    const called = [...adapter.matchAll(/['`](\/v1\/[^'`]+)['`]/g)].map((m) => m[1]!.replace(/\$\{encodeURIComponent\((?:[\w]+\.)*([\w]+)\)\}/g, '{$1}'));
    expect(documented).toHaveLength(10);
    expect([...new Set(called)].sort()).toEqual(documented);
  });

  it('the Submission schema is the one the test server enforces', () => {
    const block = schemaBlock('Submission');
    const required = /required: \[([^\]]+)\]/.exec(block)![1]!.split(',').map((s) => s.trim()).sort();
    const properties = [...block.matchAll(/^ {8}([A-Za-z]+):/gm)].map((m) => m[1]).sort();
    const shape = SubmissionBody.shape;
    expect(properties).toEqual(Object.keys(shape).sort());
    expect(required).toEqual(Object.entries(shape).filter(([, v]) => !v.safeParse(undefined).success).map(([k]) => k).sort());
  });
});
