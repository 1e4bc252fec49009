import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseTeamCatalog } from '../../../src/catalog/team-catalog.js';
import { MINIMAL_CATALOG } from '../domain/catalog/catalog-fixtures.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('## Your own services'), readme.indexOf('## Slash commands'));
const yamlBlocks = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

function problems(...texts: string[]): string[] {
  const outcome = parseTeamCatalog(texts.map((text, index) => ({ name: `block-${index}.yaml`, text })));
  return outcome.ok ? [] : outcome.problems.map((problem) => problem.message);
}

describe('README "Your own services" examples', () => {
  it('shows the minimal file, the complete Warroom file and a Backstage file with its Warroom file', () => {
    expect(yamlBlocks).toHaveLength(4);
    const [minimal = '', complete = '', backstage = '', beside = ''] = yamlBlocks;
    expect(minimal).toBe(MINIMAL_CATALOG);
    expect(problems(complete)).toEqual([]);
    expect(problems(backstage, beside)).toEqual([]);
  });
});
