import { FAULT_CATALOG, FAULT_KINDS, type FaultKind } from '../../domain/faults.js';
import { FAULT_TARGETS, faultAppliesTo } from '../../sim/fault-targets.js';
import { FULL_SCENARIO } from '../../sim/scenarios.js';
import { isKnownService, SERVICE_NAMES, type ServiceName } from '../../sim/services.js';
import { SIM_PREFIX, simLocalName } from '../../sim/sim-names.js';

export type InjectCommand =
  | { kind: 'usage'; problem?: string }
  | { kind: 'fault'; fault: FaultKind; service: ServiceName; sev?: 'sev1' }
  | { kind: 'duplicate' };

/** The prefix of the simulation's services in help text: `sim:` beside a team catalog. */
export function simPrefixFor(catalogConfigured: boolean): string {
  return catalogConfigured ? SIM_PREFIX : '';
}

export interface ScenarioHelp {
  name: string;
  description: string;
  defaultService: string;
  services: string[];
}

/**
 * What `/inject help` lists: the two canned scenarios, then every fault of the catalog. Beside a
 * team catalog (`prefix` sim:) the simulation's services are named as the threads will show them.
 */
export function injectScenarios(prefix = ''): ScenarioHelp[] {
  const shown = (service: string) => (service === '-' ? service : `${prefix}${service}`);
  const scenarios: ScenarioHelp[] = [
    {
      name: 'full',
      description: 'the canned sev1: 5xx spike on web-edge, remediation needs sign-off',
      defaultService: FULL_SCENARIO.service,
      services: [FULL_SCENARIO.service],
    },
    {
      name: 'duplicate',
      description: 're-fire the latest open incident (the crew should link it as a duplicate)',
      defaultService: '-',
      services: [],
    },
    ...FAULT_KINDS.map((kind) => ({
      name: kind,
      description: FAULT_CATALOG[kind].symptom,
      defaultService: FAULT_TARGETS[kind].defaultService,
      services: [...FAULT_TARGETS[kind].appliesTo],
    })),
  ];
  return scenarios.map((scenario) => ({
    ...scenario,
    defaultService: shown(scenario.defaultService),
    services: scenario.services.map(shown),
  }));
}

/** `/inject <scenario> [service]`, parsed. Anything it cannot run becomes usage with the reason. */
export function parseInjectCommand(text: string): InjectCommand {
  const [rawScenario, rawService, ...rest] = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!rawScenario || rawScenario === 'help') return { kind: 'usage' };
  if (rest.length > 0) return { kind: 'usage', problem: `Too many arguments: \`${text.trim()}\`.` };

  if (rawScenario === 'full') {
    if (rawService && rawService !== FULL_SCENARIO.service) {
      return { kind: 'usage', problem: `\`full\` always runs on \`${FULL_SCENARIO.service}\`.` };
    }
    return {
      kind: 'fault',
      fault: FULL_SCENARIO.fault,
      service: FULL_SCENARIO.service,
      sev: FULL_SCENARIO.sev,
    };
  }
  if (rawScenario === 'duplicate') {
    if (rawService)
      return {
        kind: 'usage',
        problem: '`duplicate` takes no service: it re-fires the latest open incident.',
      };
    return { kind: 'duplicate' };
  }
  if (!(FAULT_KINDS as readonly string[]).includes(rawScenario)) {
    return { kind: 'usage', problem: `Unknown scenario \`${rawScenario}\`.` };
  }
  const fault = rawScenario as FaultKind;
  // `sim:api` (as the simulation's services are shown beside a catalog) names the same service.
  const service = rawService ? simLocalName(rawService) : FAULT_TARGETS[fault].defaultService;
  if (!isKnownService(service)) {
    return {
      kind: 'usage',
      problem: `Unknown service \`${service}\`. Services: ${SERVICE_NAMES.join(', ')}.`,
    };
  }
  if (!faultAppliesTo(fault, service)) {
    const valid = FAULT_TARGETS[fault].appliesTo.join(', ');
    return {
      kind: 'usage',
      problem: `\`${fault}\` does not apply to \`${service}\`; it applies to ${valid}.`,
    };
  }
  return { kind: 'fault', fault, service };
}
