import { z } from 'zod';

export const SERVICE_NAMES = [
  'web-edge',
  'api',
  'auth',
  'database',
  'cache',
  'worker',
  'storage',
  'network',
] as const;
export const ServiceName = z.enum(SERVICE_NAMES);
export type ServiceName = z.infer<typeof ServiceName>;

export interface ServiceInfo {
  name: ServiceName;
  owner: string;
  tier: 1 | 2 | 3;
  /** Services this one calls: a fault there shows up here as a symptom. */
  dependsOn: readonly ServiceName[];
  instances: number;
  description: string;
}

export const SERVICE_CATALOG: Readonly<Record<ServiceName, ServiceInfo>> = {
  'web-edge': {
    name: 'web-edge',
    owner: 'team-edge',
    tier: 1,
    dependsOn: ['api', 'network'],
    instances: 4,
    description: 'Public HTTP edge and load balancer',
  },
  api: {
    name: 'api',
    owner: 'team-platform',
    tier: 1,
    dependsOn: ['auth', 'database', 'cache', 'network'],
    instances: 3,
    description: 'Core REST API',
  },
  auth: {
    name: 'auth',
    owner: 'team-identity',
    tier: 1,
    dependsOn: ['database', 'cache', 'network'],
    instances: 2,
    description: 'Login and token service',
  },
  database: {
    name: 'database',
    owner: 'team-data',
    tier: 1,
    dependsOn: ['storage', 'network'],
    instances: 2,
    description: 'Primary PostgreSQL cluster',
  },
  cache: {
    name: 'cache',
    owner: 'team-data',
    tier: 2,
    dependsOn: ['network'],
    instances: 3,
    description: 'Redis cache tier',
  },
  worker: {
    name: 'worker',
    owner: 'team-platform',
    tier: 2,
    dependsOn: ['database', 'storage', 'cache', 'network'],
    instances: 4,
    description: 'Background job workers',
  },
  storage: {
    name: 'storage',
    owner: 'team-infra',
    tier: 1,
    dependsOn: ['network'],
    instances: 3,
    description: 'Block and object storage',
  },
  network: {
    name: 'network',
    owner: 'team-infra',
    tier: 1,
    dependsOn: [],
    instances: 2,
    description: 'Service mesh and internal network',
  },
};

export function isKnownService(name: string): name is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(name);
}

/** Services that call `service`, directly: where its symptoms show up first. */
export function directDependents(service: ServiceName): ServiceName[] {
  return SERVICE_NAMES.filter((name) => SERVICE_CATALOG[name].dependsOn.includes(service));
}
