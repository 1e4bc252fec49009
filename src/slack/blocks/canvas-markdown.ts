/**
 * Slack mrkdwn (what the thread shows) as the markdown a canvas takes: `*bold*` is `**bold**`
 * there, a bold line alone is a heading, `•` bullets are `-`, and mentions use the canvas form
 * (`![](@U123)`, `![](#C123)`). Code blocks pass through untouched.
 */
export function canvasMarkdown(mrkdwn: string): string {
  let inCode = false;
  let first = true;
  return mrkdwn
    .split('\n')
    .map((line) => {
      if (line.trimStart().startsWith('```')) {
        inCode = !inCode;
        return line;
      }
      if (inCode) return line;
      const heading = /^\*([^*]+)\*$/.exec(line.trim());
      if (heading?.[1]) {
        const level = first ? '#' : '##';
        first = false;
        return `${level} ${heading[1]}`;
      }
      return line
        .replace(/^(\s*)• /, '$1- ')
        .replace(/(^|[^\w*])\*([^*\n]+)\*(?=$|[^\w*])/g, '$1**$2**')
        .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, '![](@$1)')
        .replace(/<#(C[A-Z0-9]+)(?:\|[^>]*)?>/g, '![](#$1)');
    })
    .join('\n');
}
