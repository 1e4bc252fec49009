import type { PlaygroundChannel } from './playground-contract.js';

/** Who and where the playground is: one person in one channel, as in a fresh Slack workspace. */
export const DEMO_USER = { id: 'U0DEMO', name: 'you', realName: 'You (playground)' } as const;
export const DEMO_CHANNEL = { id: 'C0WARROOM', name: 'warroom' } as const;

/** The slash commands manifest.json declares; Slack refuses any other before the app hears of it. */
export const PLAYGROUND_COMMANDS: readonly string[] = [
  '/inject',
  '/incident',
  '/runbook',
  '/task',
  '/change',
];

/** What the emulator knows of channels, as far as the page needs it. */
interface ChannelSource {
  identity: { botUserId: string };
  channels(): Array<{ id: string; name: string; archived: boolean; creator?: string; topic?: string }>;
}

export function playgroundChannels(emulator: ChannelSource): PlaygroundChannel[] {
  const made = emulator
    .channels()
    .filter((channel) => channel.creator === emulator.identity.botUserId && channel.id !== DEMO_CHANNEL.id);
  return [
    { id: DEMO_CHANNEL.id, name: DEMO_CHANNEL.name, incident: false, archived: false, topic: '' },
    ...made.map((channel) => ({
      id: channel.id,
      name: channel.name,
      incident: true,
      archived: channel.archived,
      topic: channel.topic ?? '',
    })),
  ];
}
