import { join } from 'node:path';
import { LAB_FAULTS, type LabLayout, SHOP } from '../topology.js';
import type { RunningLab } from './start-lab.js';

/** What `npm run lab` prints once everything answers: where to look and how to break things. */
export function labBanner(lab: Pick<RunningLab, 'layout' | 'urls' | 'catalogFile' | 'runbooksFile'>): string {
  const { layout, urls } = lab;
  const playground = urls.warroom ? `http://localhost:${new URL(urls.warroom).port}/` : '(not started)';
  const services = SHOP.map((service) => `${service.name} :${layout.servicePorts[service.name]}`).join(', ');
  return [
    '',
    `Warroom lab is up in ${layout.dir}`,
    `  Playground (Warroom, local mode)  ${playground}`,
    `  Prometheus                        ${urls.prometheus}/alerts   (targets: ${urls.prometheus}/targets)`,
    `  Alertmanager                      ${urls.alertmanager}/`,
    `  supervisord (XML-RPC)             ${urls.supervisor}/RPC2   (user ${layout.supervisorUser})`,
    `  Services                          ${services}`,
    `  Catalog and runbooks              ${lab.catalogFile}, ${lab.runbooksFile}`,
    `  Logs                              ${join(layout.dir, 'logs')}`,
    '',
    'Break something:  npm run lab -- break <service> <fault>',
    `  services: ${SHOP.map((service) => service.name).join(', ')}`,
    `  faults:   ${LAB_FAULTS.join(', ')}`,
    'Heal it:          npm run lab -- heal <service>',
    'Status:           npm run lab -- status',
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}

export function faultHint(layout: LabLayout, service: string, fault: string): string {
  if (fault === 'crash' || fault === 'bad_config') {
    return `${service} exits; supervisord leaves it down until it is restarted (npm run lab -- heal ${service}). Logs: ${join(layout.dir, 'logs', `${service}.log`)}`;
  }
  return `${service} now has ${fault}; watch it in Prometheus and in the playground. Heal: npm run lab -- heal ${service}`;
}
