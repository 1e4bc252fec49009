import { slackPermalink } from '../../domain/slack-link.js';

/** A link to a posted message's thread, for lists and App Home. */
export const threadUrl = slackPermalink;
