import { z } from 'zod';
import { HttpLink, SUMMARY_MAX_CHARS } from '../alert.js';
import { clipText } from '../linear-text.js';

/** Field types shared by the payload schemas: lenient where real senders differ, typed where we read. */
export const Instant = z.union([z.string(), z.number()]).nullish();
export const OptionalText = z.string().nullish();
/** Identifiers that templating tools send as strings and hand-written senders as numbers. */
export const IdText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? undefined : String(value)));

const SECONDS_THRESHOLD = 100_000_000_000;

/**
 * ISO-8601 (UTC, milliseconds) of a timestamp string or epoch (seconds or milliseconds), or undefined
 * when it names no usable instant: unparseable, Go's zero time `0001-01-01T00:00:00Z`, or a year an
 * ISO string cannot hold in four digits.
 */
export function toIsoInstant(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = typeof value === 'number' ? String(value) : value.trim();
  let date: Date;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const epoch = Number(text);
    date = new Date(epoch < SECONDS_THRESHOLD ? epoch * 1000 : epoch);
  } else {
    date = new Date(text);
  }
  if (Number.isNaN(date.getTime())) return undefined;
  const year = date.getUTCFullYear();
  if (year <= 1 || year > 9999) return undefined;
  return date.toISOString();
}

/** The web links among `candidates`, in order, without repeats. */
export function httpLinks(...candidates: unknown[]): string[] {
  const links: string[] = [];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const link = candidate.trim();
    if (link && !links.includes(link) && HttpLink.safeParse(link).success) links.push(link);
  }
  return links;
}

/** The first non-blank text, cut to the Alert summary limit. */
export function summarize(...candidates: unknown[]): string | undefined {
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' || candidate.trim() === '') continue;
    return clipText(candidate.trim(), SUMMARY_MAX_CHARS);
  }
  return undefined;
}

/** A string record from pairs, leaving out pairs whose value is missing or blank. */
export function compactRecord(pairs: ReadonlyArray<readonly [string, unknown]>): Record<string, string> {
  return Object.fromEntries(
    pairs.filter(
      (pair): pair is readonly [string, string] => typeof pair[1] === 'string' && pair[1].trim() !== '',
    ),
  );
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
