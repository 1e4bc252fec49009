import { stringify } from 'yaml';
import type { LabLayout } from '../topology.js';
import { YAML_OPTIONS } from './yaml-options.js';

/**
 * Everything goes to Warroom's Alertmanager webhook with its bearer token, grouped per alert and
 * service, with waits short enough to watch an incident open within seconds.
 */
export function alertmanagerConfig(layout: LabLayout): string {
  return stringify(
    {
      route: {
        receiver: 'warroom',
        group_by: ['alertname', 'service'],
        group_wait: '1s',
        group_interval: '5s',
        repeat_interval: '1h',
      },
      receivers: [
        {
          name: 'warroom',
          webhook_configs: [
            {
              url: layout.webhookUrl,
              send_resolved: true,
              http_config: { authorization: { type: 'Bearer', credentials: layout.webhookToken } },
            },
          ],
        },
      ],
    },
    YAML_OPTIONS,
  );
}
