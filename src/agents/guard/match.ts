import type { NormalizedCommand } from './normalize.js';

/*
 * Patterns here and in the rule files are kept linear-time: no nested or overlapping unbounded
 * quantifiers and no `.*` between two parts; "A then later B" is two patterns that must both match
 * (an array below) instead of `A.*B`, which is quadratic when A repeats. A 10 kB hostile override
 * must not stall the guard. None carries the `g` flag, so `test` keeps no state between calls.
 */

/** A pattern, or several that must all match the same command. */
export type Shape = RegExp | readonly RegExp[];

function fits(text: string, shape: Shape): boolean {
  return shape instanceof RegExp ? shape.test(text) : shape.every((pattern) => pattern.test(text));
}

export function anyCommand(...shapes: Shape[]): (normalized: NormalizedCommand) => boolean {
  return (normalized) => normalized.commands.some((command) => shapes.some((shape) => fits(command, shape)));
}

export function anyPipeline(...shapes: Shape[]): (normalized: NormalizedCommand) => boolean {
  return (normalized) =>
    normalized.pipelines.some((pipeline) => shapes.some((shape) => fits(pipeline, shape)));
}

export function someCommand(
  predicate: (command: string) => boolean,
): (normalized: NormalizedCommand) => boolean {
  return (normalized) => normalized.commands.some(predicate);
}

/** A pipeline where a stage matching `source` feeds, directly or further down, a stage matching `sink`. */
export function pipesInto(source: RegExp, sink: RegExp): (normalized: NormalizedCommand) => boolean {
  return (normalized) =>
    normalized.pipelines.some((pipeline) => {
      const stages = pipeline.split('|');
      const from = stages.findIndex((stage) => source.test(stage));
      return from >= 0 && stages.slice(from + 1).some((stage) => sink.test(stage.trim()));
    });
}

/** The single readings of a step, each as its own NormalizedCommand: to say which one a rule caught. */
export function readingsOf(normalized: NormalizedCommand): Array<{ text: string; only: NormalizedCommand }> {
  return [
    ...normalized.commands.map((text) => ({ text, only: { commands: [text], pipelines: [] } })),
    ...normalized.pipelines.map((text) => ({ text, only: { commands: [], pipelines: [text] } })),
  ];
}
