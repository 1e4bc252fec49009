/** A link to a posted message's thread, for lists and App Home. */
export function threadUrl(channel: string, ts: string): string {
  return `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;
}
