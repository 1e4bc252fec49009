/** Reads what the playground needs out of Block Kit: the button a click names, a modal's inputs. */

type Json = Record<string, unknown>;

const asObjects = (value: unknown): Json[] =>
  Array.isArray(value) ? value.filter((item): item is Json => typeof item === 'object' && item !== null) : [];

const textOf = (value: unknown): string =>
  typeof value === 'object' && value !== null && typeof (value as Json).text === 'string'
    ? String((value as Json).text)
    : '';

export interface FoundButton {
  blockId: string | undefined;
  value: string;
}

/** Which side of Slack's feedback buttons (a `feedback_buttons` element) was clicked. */
export type FeedbackChoice = 'positive' | 'negative';

/** A button's value; for feedback buttons, the value of the side `choice` names (none without one). */
function clickedValue(element: Json, choice: FeedbackChoice | undefined): string | undefined {
  if (element.type === 'button') return typeof element.value === 'string' ? element.value : '';
  const side = choice ? element[`${choice}_button`] : undefined;
  const value = typeof side === 'object' && side !== null ? (side as Json).value : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The button with `actionId` (in `blockId`, when given), in an actions or context_actions block or
 * a section accessory; a feedback button only with the side that was clicked.
 */
export function findButton(
  blocks: unknown,
  actionId: string,
  blockId?: string,
  choice?: FeedbackChoice,
): FoundButton | undefined {
  for (const block of asObjects(blocks)) {
    const id = typeof block.block_id === 'string' ? block.block_id : undefined;
    if (blockId !== undefined && id !== blockId) continue;
    const elements = [...asObjects(block.elements), ...asObjects([block.accessory])];
    const button = elements.find(
      (element) =>
        (element.type === 'button' || element.type === 'feedback_buttons') && element.action_id === actionId,
    );
    const value = button ? clickedValue(button, choice) : undefined;
    if (value !== undefined) return { blockId: id, value };
  }
  return undefined;
}

export interface ModalInput {
  blockId: string;
  actionId: string;
  label: string;
  optional: boolean;
}

/** The plain-text inputs of a modal, in order: the only input element the playground draws. */
export function textInputsOf(view: Json): ModalInput[] {
  return asObjects(view.blocks).flatMap((block) => {
    const element = (block.element ?? {}) as Json;
    if (block.type !== 'input' || element.type !== 'plain_text_input') return [];
    if (typeof block.block_id !== 'string' || typeof element.action_id !== 'string') return [];
    return [
      {
        blockId: block.block_id,
        actionId: element.action_id,
        label: textOf(block.label),
        optional: block.optional === true,
      },
    ];
  });
}
