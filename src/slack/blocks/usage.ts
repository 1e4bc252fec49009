import { context, fallbackText, listBlocks, section } from './kit.js';
import type { KnownBlock, SlackMessage } from './slack-types.js';
import { escapeAndTruncate, oneLine } from './text.js';

export interface InjectScenarioView {
  name: string;
  description: string;
  defaultService: string;
  services: readonly string[];
}

export interface InjectUsageView {
  scenarios: readonly InjectScenarioView[];
  /** Every valid service; defaults to those the scenarios name. */
  services?: readonly string[];
  /** What was wrong with the command, said first, e.g. "Unknown scenario `foo`." */
  problem?: string;
}

const MAX_NAMES = 12;

function codeList(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES).map((name) => `\`${escapeAndTruncate(oneLine(name), 40)}\``);
  const more = names.length > shown.length ? ` …and ${names.length - shown.length} more` : '';
  return `${shown.join(', ')}${more}`;
}

function scenarioLine(scenario: InjectScenarioView): string {
  const name = escapeAndTruncate(oneLine(scenario.name), 40);
  const about = escapeAndTruncate(oneLine(scenario.description), 200);
  const services = scenario.services.length > 0 ? ` · services: ${codeList(scenario.services)}` : '';
  return `• \`${name}\` — ${about} · default \`${escapeAndTruncate(oneLine(scenario.defaultService), 40)}\`${services}`;
}

/** Leads with the problem, when there is one, so the user sees first what to fix. */
function problemBlocks(problem: string | undefined): KnownBlock[] {
  return problem ? [section(`⚠️ ${escapeAndTruncate(problem, 1000)}`)] : [];
}

function withProblem(problem: string | undefined, usage: string): string {
  return fallbackText(problem ? `${oneLine(problem)} ${usage}` : usage);
}

export function injectUsage(view: InjectUsageView): SlackMessage {
  const usage = 'Usage: /inject <scenario> [service]';
  const blocks: KnownBlock[] = [
    ...problemBlocks(view.problem),
    section('*Usage:* `/inject <scenario> [service]`: opens a simulated incident in this channel.'),
    ...listBlocks('*Scenarios*', view.scenarios.map(scenarioLine), {
      maxItems: 40,
      itemMax: 900,
      maxBlocks: 6,
      noun: 'more scenarios',
    }),
  ];
  const services = view.services ?? [...new Set(view.scenarios.flatMap((scenario) => scenario.services))];
  if (services.length > 0) blocks.push(section(`*Services:* ${codeList(services)}`));
  blocks.push(section('*Examples*\n`/inject crash api`\n`/inject full`\n`/inject duplicate`'));
  blocks.push(context(['Without a service, a scenario uses its default service.']));
  return { text: withProblem(view.problem, usage), blocks };
}

const INCIDENT_SUBCOMMANDS: ReadonlyArray<readonly [string, string]> = [
  ['/incident list [status]', 'open incidents, or every incident with that status'],
  ['/incident show ID', 'one incident: status, root cause, plan and its latest timeline entries'],
  ['/incident resolve ID [note]', 'close an incident by hand, with an optional note (approvers)'],
  ['/incident stats [24h|7d]', 'counts, times to acknowledge and resolve, noise reduction, decisions'],
  ['/incident declare <system> <issue> [sev1|sev2|sev3]', 'open an incident by hand, with no alert'],
  ['/incident postmortem ID', 'the postmortem of an incident, from its timeline'],
  [
    '/incident services',
    'every service of the catalog with its health right now, and what could not be measured',
  ],
  ['/incident simulate start|stop', 'rehearsal: a random fault every 30 to 60 s (approvers)'],
  ['/incident kill-switch on|off', 'stop or allow every remediation step (approvers)'],
  [
    '/incident role lead|comms|scribe @user [ID]',
    "who leads, talks to stakeholders, keeps notes; the ID only outside the incident's channel",
  ],
  [
    '/incident silence <service|alertname> <duration> [reason]',
    'matching alerts open no incident until it expires, e.g. `2h` (approvers; a sev1 still gets a card)',
  ],
  ['/incident silences', 'active silences with their ids and the alerts each held'],
  ['/incident unsilence <id|service|alertname>', 'end a silence early (approvers)'],
  ['/incident help', 'this list'],
];

export function incidentHelp(problem?: string): SlackMessage {
  const lines = INCIDENT_SUBCOMMANDS.map(([command, about]) => `• \`${command}\` — ${about}`);
  const blocks: KnownBlock[] = [
    ...problemBlocks(problem),
    section(`*Usage:* \`/incident <subcommand>\`\n${lines.join('\n')}`),
    context(['IDs can be typed as `INC-0007`, `inc-7` or `7`.']),
  ];
  return {
    text: withProblem(problem, 'Usage: /incident list|show|resolve|kill-switch|help'),
    blocks,
  };
}
