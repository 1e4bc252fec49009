/** Queries stay on one line each: easier to read and to paste into Prometheus. */
export const YAML_OPTIONS = { lineWidth: 0 } as const;
