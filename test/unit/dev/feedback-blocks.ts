/** Slack's feedback buttons as a message carries them, for the driver's and the playground's lookups. */
export const FEEDBACK_BLOCK = {
  type: 'context_actions',
  block_id: 'fb',
  elements: [
    {
      type: 'feedback_buttons',
      action_id: 'rate',
      positive_button: { text: { type: 'plain_text', text: 'Good' }, value: 'INC-1:right' },
      negative_button: { text: { type: 'plain_text', text: 'Bad' }, value: 'INC-1:wrong' },
    },
  ],
};
