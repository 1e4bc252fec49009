/** A posted Slack message's permalink (Slack redirects it to the workspace's own domain). */
export function slackPermalink(channel: string, ts: string): string {
  return `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}
