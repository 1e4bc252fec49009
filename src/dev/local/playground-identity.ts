/** Who and where the playground is: one person in one channel, as in a fresh Slack workspace. */
export const DEMO_USER = { id: 'U0DEMO', name: 'you', realName: 'You (playground)' } as const;
export const DEMO_CHANNEL = { id: 'C0WARROOM', name: 'warroom' } as const;

/** The slash commands manifest.json declares; Slack refuses any other before the app hears of it. */
export const PLAYGROUND_COMMANDS: readonly string[] = ['/inject', '/incident', '/runbook', '/task'];
