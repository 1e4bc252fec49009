/** Alertmanager v4 webhook bodies, shaped like the real one in test/fixtures/alerts/. */
export interface AmAlert {
  service: string;
  alertname: string;
  status?: 'firing' | 'resolved';
  startsAt: Date;
  endsAt?: Date;
  severity?: string;
  instance?: string;
}

export function alertmanagerPayload(alerts: readonly AmAlert[], groupKey = '{}:{alertname="storm"}') {
  const status = alerts.every((alert) => alert.status === 'resolved') ? 'resolved' : 'firing';
  return {
    receiver: 'warroom',
    status,
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    alerts: alerts.map((alert) => ({
      status: alert.status ?? 'firing',
      labels: {
        alertname: alert.alertname,
        service: alert.service,
        severity: alert.severity ?? 'warning',
        ...(alert.instance ? { instance: alert.instance } : {}),
      },
      annotations: { summary: `${alert.alertname} on ${alert.service}` },
      startsAt: alert.startsAt.toISOString(),
      endsAt: alert.endsAt ? alert.endsAt.toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
    })),
  };
}
