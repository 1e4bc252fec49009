import { stringify } from 'yaml';
import { type LabLayout, portOf, SHOP } from '../topology.js';
import { YAML_OPTIONS } from './yaml-options.js';

export const LAB_SCRAPE_JOB = 'lab';
export const RULES_FILE = 'rules.yml';

/** Scrapes every lab service each second, each target labelled with its `service`. */
export function prometheusConfig(layout: LabLayout): string {
  return stringify(
    {
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      rule_files: [RULES_FILE],
      alerting: {
        alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${layout.alertmanagerPort}`] }] }],
      },
      scrape_configs: [
        {
          job_name: LAB_SCRAPE_JOB,
          static_configs: SHOP.map((service) => ({
            targets: [`127.0.0.1:${portOf(layout, service.name)}`],
            labels: { service: service.name },
          })),
        },
      ],
    },
    YAML_OPTIONS,
  );
}
