import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8'));

describe('manifest.json (the Slack app in one step)', () => {
  it('declares every slash command the app answers, interactivity, App Home and Socket Mode', () => {
    const commands = manifest.features.slash_commands.map((command: { command: string }) => command.command);
    expect(commands).toEqual(['/inject', '/incident', '/runbook', '/task', '/change']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('asks for every scope and event Warroom uses', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    for (const scope of [
      'chat:write',
      'chat:write.public',
      'commands',
      'users:read',
      'channels:history',
      'groups:history',
      'files:write',
      // usergroups.users.list: catalog approvers may name Slack user groups.
      'usergroups:read',
      // Incident channels: create, invite, topic, archive (groups:write when private), the postmortem canvas.
      'channels:manage',
      'groups:write',
      'canvases:write',
    ]) {
      expect(scopes).toContain(scope);
    }
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_home_opened', 'message.channels']),
    );
  });

  it('escapes /incident so mentions arrive as <@U123|name> (the role subcommand parses that form)', () => {
    const incident = manifest.features.slash_commands.find(
      (command: { command: string }) => command.command === '/incident',
    );
    expect(incident).toMatchObject({ should_escape: true, usage_hint: expect.stringContaining('role') });
  });
});
