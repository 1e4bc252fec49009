import { describe, expect, it } from 'vitest';
import * as ids from '../../../src/slack/action-ids.js';
import {
  encodeActionValue,
  encodeModalMetadata,
  parseActionValue,
  parseModalMetadata,
} from '../../../src/slack/action-ids.js';

describe('action ids', () => {
  it('are short, snake-case and distinct', () => {
    const values = Object.values(ids).filter((value: unknown): value is string => typeof value === 'string');
    expect(values.length).toBeGreaterThanOrEqual(17);
    for (const value of values) expect(value).toMatch(/^[a-z][a-z0-9_]{2,40}$/);
    expect(new Set(values).size).toBe(values.length);
  });
});

describe('button values', () => {
  it('carry the incident id and the round', () => {
    expect(encodeActionValue('INC-0007', 1)).toBe('INC-0007:1');
    expect(parseActionValue('INC-0007:1')).toEqual({ id: 'INC-0007', round: 1 });
    expect(parseActionValue(encodeActionValue('INC-12345', 40))).toEqual({ id: 'INC-12345', round: 40 });
  });

  it.each([undefined, 42, '', 'INC-0007', 'INC-7:1', 'INC-0007:-1', 'INC-0007:1.5', 'INC-0007:1:2', 'x:1'])(
    'refuses %s',
    (value) => {
      expect(parseActionValue(value)).toBeUndefined();
    },
  );

  it('refuses to encode what it could not parse back', () => {
    expect(() => encodeActionValue('incident 7', 1)).toThrow();
    expect(() => encodeActionValue('INC-0007', 1.5)).toThrow();
  });
});

describe('modal metadata', () => {
  it('round-trips as JSON {id, round}', () => {
    const metadata = encodeModalMetadata({ id: 'INC-0007', round: 2 });
    expect(JSON.parse(metadata)).toEqual({ id: 'INC-0007', round: 2 });
    expect(parseModalMetadata(metadata)).toEqual({ id: 'INC-0007', round: 2 });
  });

  it.each([undefined, '', '{', '{"id":"INC-0007"}', '{"id":"nope","round":1}', 'null'])(
    'refuses %s',
    (metadata) => {
      expect(parseModalMetadata(metadata)).toBeUndefined();
    },
  );
});
