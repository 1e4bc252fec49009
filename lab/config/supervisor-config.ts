import { type LabLayout, SHOP } from '../topology.js';

export const LOAD_PROGRAM = 'load';

/** supervisord's ini values may not hold newlines; environment values are double-quoted. */
function quoted(value: string): string {
  if (/["\n]/.test(value)) throw new Error(`cannot put ${JSON.stringify(value)} in a supervisord config`);
  return `"${value}"`;
}

function program(
  layout: LabLayout,
  name: string,
  script: string,
  env: Record<string, string>,
  restart: string,
) {
  return [
    `[program:${name}]`,
    `command=${layout.nodeBinary} --import tsx ${script}`,
    `directory=${layout.repoRoot}`,
    `environment=${Object.entries(env)
      .map(([key, value]) => `${key}=${quoted(value)}`)
      .join(',')}`,
    'autostart=true',
    `autorestart=${restart}`,
    'startsecs=1',
    'startretries=2',
    // The whole process group goes: nothing a service started outlives it.
    'stopasgroup=true',
    'killasgroup=true',
    'stopwaitsecs=5',
    `stdout_logfile=${layout.dir}/logs/${name}.log`,
    'redirect_stderr=true',
    '',
  ];
}

/**
 * supervisord in the foreground with XML-RPC on loopback (basic auth): the six services and the
 * load generator. A service that exits stays down (`autorestart=false`): a crash is an outage to
 * triage, and a restart (Warroom's runbook through the supervisor executor, or `lab heal`) ends it.
 */
export function supervisorConfig(layout: LabLayout): string {
  const layoutFile = `${layout.dir}/layout.json`;
  return [
    '[supervisord]',
    'nodaemon=true',
    `logfile=${layout.dir}/logs/supervisord.log`,
    `pidfile=${layout.dir}/supervisord.pid`,
    `childlogdir=${layout.dir}/logs`,
    'identifier=warroom-lab',
    '',
    '[inet_http_server]',
    `port=127.0.0.1:${layout.supervisorPort}`,
    `username=${layout.supervisorUser}`,
    `password=${layout.supervisorPassword}`,
    '',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '',
    '[supervisorctl]',
    `serverurl=http://127.0.0.1:${layout.supervisorPort}`,
    `username=${layout.supervisorUser}`,
    `password=${layout.supervisorPassword}`,
    '',
    ...SHOP.flatMap((service) =>
      program(
        layout,
        service.name,
        'lab/services/service-main.ts',
        { LAB_SERVICE: service.name, LAB_LAYOUT: layoutFile },
        'false',
      ),
    ),
    ...program(layout, LOAD_PROGRAM, 'lab/load.ts', { LAB_LAYOUT: layoutFile }, 'true'),
  ].join('\n');
}
