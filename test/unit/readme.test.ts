import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema, loadConfig } from '../../src/config.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## How it works'));
const rows = [...section.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]+) \|/gm)].map((match) => ({
  name: match[1] ?? '',
  defaultText: (match[2] ?? '').trim(),
}));

describe('README configuration table', () => {
  it('lists exactly the variables src/config.ts reads', () => {
    expect(rows.map((row) => row.name).sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('gives each default as the schema does', () => {
    const defaults = loadConfig({}) as Record<string, unknown>;
    for (const row of rows) {
      const value = defaults[row.name];
      if (value === undefined) {
        expect(row.defaultText, row.name).toMatch(/^—$|Slack's|Google's/);
      } else if (Array.isArray(value)) {
        expect(row.defaultText, row.name).toMatch(/empty/);
      } else {
        expect(row.defaultText, row.name).toBe(`\`${String(value)}\``);
      }
    }
  });

  it('names every variable in .env.example', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    for (const name of Object.keys(envSchema.shape))
      expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });
});
