import { ISSUE_VARIANTS, type IssueVariant } from './cases.js';
import type { BandRow, Scores } from './score.js';

export interface Column {
  name: string;
  scores: Scores;
  wallMs: number;
}

const LABEL_WIDTH = 46;
const COLUMN_WIDTH = 26;

export const pct = (value: number) => `${(value * 100).toFixed(1)} %`;

export function row(label: string, cells: readonly string[]): string {
  return `${label.padEnd(LABEL_WIDTH)}${cells.map((cell) => cell.padEnd(COLUMN_WIDTH)).join('')}`.trimEnd();
}

export function write(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function printComparison(columns: readonly Column[], variants: readonly IssueVariant[]): void {
  const cells = (pick: (column: Column) => string) => columns.map(pick);
  write(
    row(
      '',
      cells((c) => c.name),
    ),
  );
  write(
    row(
      'root service named right',
      cells((c) => pct(c.scores.root)),
    ),
  );
  write(
    row(
      'fault named right',
      cells((c) => pct(c.scores.fault)),
    ),
  );
  write(
    row(
      'both right',
      cells((c) => pct(c.scores.both)),
    ),
  );
  write(
    row(
      'Brier score of rca confidence (0 is perfect)',
      cells((c) => c.scores.brier.toFixed(4)),
    ),
  );
  for (const variant of variants) {
    const label = `  both right, ${ISSUE_VARIANTS[variant].label}`;
    write(
      row(
        label,
        cells((c) => pct(c.scores.bothByVariant[variant] ?? 0)),
      ),
    );
  }
  write(
    row(
      'stages produced by the model',
      cells((c) => `${c.scores.modelStages} of ${c.scores.stages}`),
    ),
  );
  write(
    row(
      'tokens per incident (mean)',
      cells((c) => String(Math.round(c.scores.tokensPerIncident))),
    ),
  );
  write(
    row(
      'diagnoses that threw',
      cells((c) => String(c.scores.errors)),
    ),
  );
  write(
    row(
      'wall time',
      cells((c) => `${(c.wallMs / 1000).toFixed(2)} s`),
    ),
  );
  for (const column of columns) {
    for (const [reason, count] of column.scores.fallbacks)
      write(`  ${column.name} fell back ×${count}: ${reason}`);
  }
}

export function printCalibration(column: { name: string; scores: { bands: readonly BandRow[] } }): void {
  write();
  write(`calibration, ${column.name}: rca confidence band → cases, mean confidence, share right`);
  for (const band of column.scores.bands) {
    if (band.cases === 0) {
      write(`  ${band.label.padEnd(8)} ${'0'.padStart(5)}`);
      continue;
    }
    const meanConfidence = band.meanConfidence.toFixed(1).padStart(6);
    write(
      `  ${band.label.padEnd(8)} ${String(band.cases).padStart(5)} ${meanConfidence} ${pct(band.right).padStart(9)}`,
    );
  }
}
