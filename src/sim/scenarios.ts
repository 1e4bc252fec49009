/** The canned incident behind `/inject full`: a sev1 5xx spike on the edge whose fix needs a human's sign-off. */
export const FULL_SCENARIO = { fault: 'web_5xx', service: 'web-edge', sev: 'sev1' } as const;
