import { context, fallbackText, listBlocks, section } from './kit.js';
import { type ConfidenceView, formatConfidence } from './labels.js';
import { rcaFeedbackBlocks } from './rca-feedback.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { escapeAndTruncate, oneLine } from './text.js';

/** The root-cause analysis, posted in the thread once the specialists have reported. */
export interface RcaView {
  id: string;
  rootService: string;
  fault: string;
  summary: string;
  evidence: readonly string[];
  confidence: ConfidenceView;
  /** Services whose symptoms the root cause accounts for. */
  explains: readonly string[];
  findings?: ReadonlyArray<{ specialist: string; summary: string }>;
}

function bullet(text: string, max: number): string {
  return `• ${escapeAndTruncate(oneLine(text), max)}`;
}

export function rcaMessage(view: RcaView): SlackMessage {
  const service = escapeAndTruncate(oneLine(view.rootService), 80);
  const fault = escapeAndTruncate(oneLine(view.fault), 80);
  const blocks: KnownBlock[] = [
    section(
      `🧭 *Root cause* for ${escapeAndTruncate(view.id, 40)}: \`${service}\` · \`${fault}\`\n` +
        `*Confidence:* ${formatConfidence(view.confidence)}\n${escapeAndTruncate(view.summary, 2000)}`,
    ),
  ];
  if (view.evidence.length > 0) {
    const evidence = view.evidence.map((line) => bullet(line, 300));
    blocks.push(
      ...listBlocks('*Evidence*', evidence, { maxItems: 20, itemMax: 320, maxBlocks: 4, noun: 'more' }),
    );
  }
  if (view.explains.length > 0) {
    const names = view.explains.slice(0, 30).map((name) => `\`${escapeAndTruncate(oneLine(name), 60)}\``);
    const more =
      view.explains.length > names.length ? ` …and ${view.explains.length - names.length} more` : '';
    blocks.push(section(`*Explains symptoms on:* ${names.join(', ')}${more}`));
  }
  const findings = view.findings ?? [];
  if (findings.length > 0) {
    const lines = findings.map(
      (finding) =>
        `• *${escapeAndTruncate(oneLine(finding.specialist), 40)}* — ${escapeAndTruncate(oneLine(finding.summary), 250)}`,
    );
    blocks.push(
      ...listBlocks('*What the specialists found*', lines, { maxItems: 25, itemMax: 320, maxBlocks: 4 }),
    );
  }
  blocks.push(
    context([
      `${findings.length} specialist finding${findings.length === 1 ? '' : 's'} · ${view.evidence.length} evidence lines`,
    ]),
  );
  blocks.push(...rcaFeedbackBlocks(view.id));
  const text = `${view.id} root cause: ${oneLine(view.rootService)} ${oneLine(view.fault)} (${formatConfidence(view.confidence)}) — ${oneLine(view.summary)}`;
  return { text: fallbackText(escapeAndTruncate(text, 3000)), blocks };
}
