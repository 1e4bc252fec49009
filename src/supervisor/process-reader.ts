import type { ProcessEvidence, ProcessReader } from '../domain/process-evidence.js';
import type { ResolvedCredentials } from '../executors/credentials.js';
import type { SupervisorExecutorConfig } from '../executors/executor-config.js';
import { callSupervisor, supervisorEndpoint } from '../executors/supervisor/supervisor-client.js';
import type { XmlRpcParam, XmlRpcValue } from '../executors/supervisor/xml-rpc.js';
import { tailLines } from '../kubernetes/workload-state.js';

/** The log bytes read from the end, and the lines kept of them. */
const LOG_TAIL_BYTES = 4096;
const LOG_TAIL_LINES = 12;

export type ProgramTarget =
  | { service: string; program: string; config: SupervisorExecutorConfig; credentials: ResolvedCredentials }
  | { program: string; executor: string; unbound: string };

function struct(value: XmlRpcValue): Record<string, XmlRpcValue> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/**
 * Reads a program's state (`getProcessInfo`) and its log's tail (stderr, else stdout, where
 * `redirect_stderr` puts it) over supervisord's XML-RPC, read-only. Log lines are masked.
 */
export function createProcessReader(targetOf: (service: string) => ProgramTarget | undefined): ProcessReader {
  return {
    async read(service, signal): Promise<ProcessEvidence | undefined> {
      const target = targetOf(service);
      if (target === undefined) return undefined;
      if ('unbound' in target)
        return {
          service,
          source: `executor ${target.executor}`,
          program: target.program,
          available: false,
          reason: target.unbound,
        };
      const endpoint = supervisorEndpoint(target.config, target.credentials);
      const where = {
        service: target.service,
        source: `supervisord ${endpoint.label} via executor ${target.config.name}`,
        program: target.program,
      };
      const call = async (method: string, ...params: XmlRpcParam[]) => {
        const reply = await callSupervisor(endpoint, `supervisor.${method}`, params, signal);
        if (!reply.ok) throw new Error(`supervisord ${method}: ${reply.faultString}`);
        return reply.value;
      };
      try {
        const info = struct(await call('getProcessInfo', target.program));
        const tail = async (method: string) => {
          const answer = await call(method, target.program, 0, LOG_TAIL_BYTES).catch(() => undefined);
          return Array.isArray(answer) && typeof answer[0] === 'string'
            ? tailLines(answer[0], LOG_TAIL_LINES)
            : [];
        };
        const stderr = await tail('tailProcessStderrLog');
        const logTail = stderr.length > 0 ? stderr : await tail('tailProcessStdoutLog');
        const stop = Number(info.stop ?? 0);
        return {
          ...where,
          available: true,
          readAt: new Date().toISOString(),
          state: String(info.statename ?? 'UNKNOWN'),
          exitStatus: Number.isInteger(Number(info.exitstatus)) ? Number(info.exitstatus) : 0,
          spawnError: String(info.spawnerr ?? ''),
          description: String(info.description ?? '').slice(0, 200),
          stoppedAt: stop > 0 ? new Date(stop * 1000).toISOString() : null,
          logTail,
        };
      } catch (error) {
        return { ...where, available: false, reason: `the read failed: ${(error as Error).message}` };
      }
    },
  };
}
