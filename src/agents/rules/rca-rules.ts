import { FAULT_CATALOG, type FaultKind } from '../../domain/faults.js';
import { bfsDistances } from '../../domain/graph-walk.js';
import type { Finding, RcaInput, RcaOutput } from '../schemas.js';
import { clip } from './evidence.js';

/** A cause needs at least this confidence to overrule what is seen downstream of it. */
const CAUSE_CONFIDENCE = 60;
const MAX_EVIDENCE = 10;

type Cause = Finding & { fault: FaultKind };

function isCause(finding: Finding): finding is Cause {
  return finding.fault !== null && finding.confidence >= CAUSE_CONFIDENCE;
}

function graphOf(input: RcaInput) {
  const callees = (service: string) => input.graph[service] ?? [];
  /** Hop count from `service` up to each service it calls, directly or not. */
  const upstream = (service: string) => bfsDistances(service, callees);
  return { upstream, isUpstreamOf: (candidate: string, of: string) => upstream(of).has(candidate) };
}

/**
 * Findings on services linked to the incident's service through the graph (either direction): a
 * fault on an unrelated service explains nothing here. A service the graph does not know keeps all.
 */
function connectedFindings(input: RcaInput, findings: readonly Finding[]): Finding[] {
  const start = input.service.name;
  // A Map: the incident's service comes from an alert and may be named like an Object property.
  const calls = new Map(Object.entries(input.graph));
  if (!calls.has(start)) return [...findings];
  const callers = new Map<string, string[]>();
  for (const [service, callees] of calls) {
    for (const callee of callees) callers.set(callee, [...(callers.get(callee) ?? []), service]);
  }
  const linked = bfsDistances(start, (service) => [
    ...(calls.get(service) ?? []),
    ...(callers.get(service) ?? []),
  ]);
  return findings.filter((finding) => finding.service === start || linked.has(finding.service));
}

/** Services with findings that `root` sits upstream of, nearest first. */
function explained(input: RcaInput, findings: readonly Finding[], root: string): string[] {
  const { upstream } = graphOf(input);
  const distance = (service: string) => upstream(service).get(root) ?? Number.POSITIVE_INFINITY;
  const services = [...new Set(findings.map((finding) => finding.service))];
  return services
    .filter((service) => service !== root && Number.isFinite(distance(service)))
    .sort((a, b) => distance(a) - distance(b) || a.localeCompare(b));
}

function symptomEvidence(findings: readonly Finding[], services: readonly string[]): string[] {
  return services.flatMap((service) => {
    const first = findings.find((finding) => finding.service === service)?.evidence[0];
    return first ? [`${service}: ${first}`] : [];
  });
}

function withoutCause(input: RcaInput, findings: readonly Finding[]): RcaOutput {
  const unmeasured = input.unmeasured ?? [];
  if (findings.length === 0 && unmeasured.length > 0) {
    return {
      rootService: input.service.name,
      fault: 'unknown',
      summary: clip(`No data for ${input.service.name}: its health is unknown, not healthy`, 300),
      evidence: unmeasured.slice(0, MAX_EVIDENCE).map((line) => clip(line, 300)),
      confidence: 5,
      explains: [],
    };
  }
  if (findings.length === 0) {
    return {
      rootService: input.service.name,
      fault: 'unknown',
      summary: `No abnormal signal found: ${input.service.name} looks healthy in telemetry`,
      evidence: ['no specialist reported a finding'],
      confidence: 10,
      explains: [],
    };
  }
  const { isUpstreamOf } = graphOf(input);
  const services = [...new Set(findings.map((finding) => finding.service))];
  const tops = services.filter((service) => !services.some((other) => isUpstreamOf(other, service)));
  const root = tops.includes(input.service.name)
    ? input.service.name
    : (tops.sort()[0] ?? input.service.name);
  const explains = explained(input, findings, root);
  const own = findings.filter((finding) => finding.service === root).flatMap((finding) => finding.evidence);
  return {
    rootService: root,
    fault: 'unknown',
    summary: clip(`Symptoms start at ${root} but match no known fault signature`, 300),
    evidence: [...own, ...symptomEvidence(findings, explains)]
      .slice(0, MAX_EVIDENCE)
      .map((line) => clip(line, 300)),
    confidence: 35,
    explains,
  };
}

/**
 * Combines the specialists' findings: a cause upstream of another cause beats it (the downstream one is
 * a symptom), then the most confident cause wins.
 */
export function rcaByRules(input: RcaInput): RcaOutput {
  const findings = connectedFindings(
    input,
    input.findings.flatMap((report) => report.findings),
  );
  const causes = findings.filter(isCause);
  const { isUpstreamOf } = graphOf(input);
  const standing = causes
    .filter(
      (cause) =>
        !causes.some(
          (other) => other.service !== cause.service && isUpstreamOf(other.service, cause.service),
        ),
    )
    .sort((a, b) => b.confidence - a.confidence || a.service.localeCompare(b.service));
  const [best, ...others] = standing;
  if (!best) return withoutCause(input, findings);
  const explains = explained(input, findings, best.service);
  const contested = others.some(
    (other) => other.confidence >= best.confidence - 10 && other.fault !== best.fault,
  );
  const confidence = best.confidence + Math.min(6, 2 * explains.length) - (contested ? 15 : 0);
  const support = causes.filter((cause) => cause.service === best.service && cause.fault === best.fault);
  const evidence = [...new Set(support.flatMap((cause) => cause.evidence))];
  const reach = explains.length > 0 ? `; explains ${explains.join(', ')}` : '';
  return {
    rootService: best.service,
    fault: best.fault,
    summary: clip(`${FAULT_CATALOG[best.fault].title} on ${best.service}: ${best.summary}${reach}`, 300),
    evidence: [...evidence, ...symptomEvidence(findings, explains)]
      .slice(0, MAX_EVIDENCE)
      .map((line) => clip(line, 300)),
    confidence: Math.max(0, Math.min(99, Math.round(confidence))),
    explains,
  };
}
