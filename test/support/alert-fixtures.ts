import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AlertSource } from '../../src/ingest/alert.js';

const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/alerts/', import.meta.url));

/** The real payloads copied verbatim from the shared fixtures; each file name starts with its source. */
export const ALERT_FIXTURES = readdirSync(FIXTURE_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();

export function alertFixtureRaw(name: string): Buffer {
  return readFileSync(`${FIXTURE_DIR}${name}`);
}

export function alertFixture(name: string): unknown {
  return JSON.parse(alertFixtureRaw(name).toString('utf8'));
}

export function alertFixtureSource(name: string): AlertSource {
  return name.slice(0, name.indexOf('-')) as AlertSource;
}

const CHANGE_DIR = fileURLToPath(new URL('../fixtures/changes/', import.meta.url));

/** A real deploy / change event payload (test/fixtures/changes), parsed. */
export function changeFixture(name: string): unknown {
  return JSON.parse(readFileSync(`${CHANGE_DIR}${name}`, 'utf8'));
}
