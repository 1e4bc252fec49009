import type { HomeView, ModalView, SlackMessage } from './slack-types.js';

/** Slack's Block Kit limits (UTF-16 units), as documented and as `chat.update` enforces them. */
export const LIMITS = {
  blocks: { message: 50, modal: 100, home: 100 },
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  contextActionsElements: 5,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  inputLabel: 2000,
  placeholder: 150,
  inputValue: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  viewTitle: 24,
  privateMetadata: 3000,
  messageText: 4000,
  /**
   * `plan` and `task_card` (Slack documents no numbers for these but the 256 of a task's details
   * and output): a plan title and a task title kept to a header's 150, task ids to 64, and a plan
   * to 40 tasks, so a plan never grows past what a thread can show.
   */
  planTitle: 150,
  taskTitle: 150,
  taskId: 64,
  taskText: 256,
  planTasks: 40,
  taskSources: 10,
} as const;

export type Surface = 'message' | 'modal' | 'home';
export type LimitSubject = SlackMessage | ModalView | HomeView;

export interface LimitViolation {
  /** JSON pointer into the message or view, e.g. `/blocks/3/text/text`. */
  path: string;
  problem: string;
}

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The characters of every `text` inside a rich text's elements. */
function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + textLength(item), 0);
  if (!isNode(value)) return 0;
  const own = typeof value.text === 'string' ? value.text.length : 0;
  return own + textLength(value.elements);
}

class LimitWalker {
  readonly violations: LimitViolation[] = [];
  private readonly blockIds = new Set<string>();
  private readonly actionIds = new Set<string>();

  report(path: string, problem: string): void {
    this.violations.push({ path, problem });
  }

  maxLength(value: unknown, max: number, path: string): void {
    if (typeof value === 'string' && value.length > max) {
      this.report(path, `${value.length} characters, over the limit of ${max}`);
    }
  }

  textObject(value: unknown, max: number, path: string, plainOnly = false): void {
    if (!isNode(value) || typeof value.text !== 'string') {
      this.report(path, 'missing text object');
      return;
    }
    if (plainOnly && value.type !== 'plain_text') this.report(`${path}/type`, 'must be plain_text');
    if (value.text.length === 0) this.report(`${path}/text`, 'empty text');
    this.maxLength(value.text, max, `${path}/text`);
  }

  optionalText(value: unknown, max: number, path: string, plainOnly = false): void {
    if (value !== undefined) this.textObject(value, max, path, plainOnly);
  }

  uniqueId(seen: Set<string>, value: unknown, path: string): void {
    if (typeof value !== 'string') return;
    this.maxLength(value, LIMITS.id, path);
    if (seen.has(value)) this.report(path, `duplicate id "${value}"`);
    seen.add(value);
  }

  listOf(value: unknown, max: number, path: string): unknown[] {
    if (!Array.isArray(value) || value.length === 0) {
      this.report(path, 'needs at least one item');
      return [];
    }
    if (value.length > max) this.report(path, `${value.length} items, over the limit of ${max}`);
    return value;
  }

  confirm(value: unknown, path: string): void {
    if (!isNode(value)) return;
    this.optionalText(value.title, LIMITS.confirmTitle, `${path}/title`, true);
    this.textObject(value.text, LIMITS.confirmText, `${path}/text`);
    this.optionalText(value.confirm, LIMITS.confirmButton, `${path}/confirm`, true);
    this.optionalText(value.deny, LIMITS.confirmButton, `${path}/deny`, true);
  }

  element(value: unknown, path: string): void {
    if (!isNode(value)) {
      this.report(path, 'missing element');
      return;
    }
    this.uniqueId(this.actionIds, value.action_id, `${path}/action_id`);
    this.optionalText(value.placeholder, LIMITS.placeholder, `${path}/placeholder`, true);
    this.confirm(value.confirm, `${path}/confirm`);
    if (value.type === 'button') {
      this.textObject(value.text, LIMITS.buttonText, `${path}/text`, true);
      this.maxLength(value.value, LIMITS.buttonValue, `${path}/value`);
      this.maxLength(value.url, LIMITS.url, `${path}/url`);
    }
    if (value.type === 'feedback_buttons') {
      for (const side of ['positive_button', 'negative_button'] as const) {
        const button = isNode(value[side]) ? value[side] : {};
        this.textObject(button.text, LIMITS.buttonText, `${path}/${side}/text`, true);
        if (typeof button.value !== 'string') this.report(`${path}/${side}/value`, 'missing value');
        this.maxLength(button.value, LIMITS.buttonValue, `${path}/${side}/value`);
        this.maxLength(button.accessibility_label, LIMITS.buttonText, `${path}/${side}/accessibility_label`);
      }
    }
    if (value.type === 'plain_text_input') {
      this.maxLength(value.initial_value, LIMITS.inputValue, `${path}/initial_value`);
      if (typeof value.max_length === 'number' && value.max_length > LIMITS.inputValue) {
        this.report(`${path}/max_length`, `over the limit of ${LIMITS.inputValue}`);
      }
    }
  }

  block(block: unknown, path: string): void {
    if (!isNode(block)) {
      this.report(path, 'missing block');
      return;
    }
    this.uniqueId(this.blockIds, block.block_id, `${path}/block_id`);
    if (block.type === 'section') this.section(block, path);
    else if (block.type === 'header') this.textObject(block.text, LIMITS.headerText, `${path}/text`, true);
    else if (block.type === 'context') {
      this.listOf(block.elements, LIMITS.contextElements, `${path}/elements`).forEach((element, i) => {
        if (isNode(element) && element.type !== 'image') {
          this.textObject(element, LIMITS.contextText, `${path}/elements/${i}`);
        }
      });
    } else if (block.type === 'actions' || block.type === 'context_actions') {
      const max = block.type === 'actions' ? LIMITS.actionsElements : LIMITS.contextActionsElements;
      this.listOf(block.elements, max, `${path}/elements`).forEach((element, i) => {
        this.element(element, `${path}/elements/${i}`);
      });
    } else if (block.type === 'plan') {
      this.plan(block, path);
    } else if (block.type === 'input') {
      this.textObject(block.label, LIMITS.inputLabel, `${path}/label`, true);
      this.optionalText(block.hint, LIMITS.inputLabel, `${path}/hint`, true);
      this.element(block.element, `${path}/element`);
    }
  }

  plan(block: Node, path: string): void {
    if (typeof block.title !== 'string' || block.title.length === 0)
      this.report(`${path}/title`, 'empty title');
    this.maxLength(block.title, LIMITS.planTitle, `${path}/title`);
    if (block.tasks === undefined) return;
    const taskIds = new Set<string>();
    this.listOf(block.tasks, LIMITS.planTasks, `${path}/tasks`).forEach((task, i) => {
      const at = `${path}/tasks/${i}`;
      if (!isNode(task) || task.type !== 'task_card') {
        this.report(at, 'must be a task_card');
        return;
      }
      if (typeof task.task_id !== 'string' || task.task_id.length === 0)
        this.report(`${at}/task_id`, 'missing');
      this.maxLength(task.task_id, LIMITS.taskId, `${at}/task_id`);
      if (typeof task.task_id === 'string' && taskIds.has(task.task_id))
        this.report(`${at}/task_id`, `duplicate id "${task.task_id}"`);
      if (typeof task.task_id === 'string') taskIds.add(task.task_id);
      if (typeof task.title !== 'string' || task.title.length === 0)
        this.report(`${at}/title`, 'empty title');
      this.maxLength(task.title, LIMITS.taskTitle, `${at}/title`);
      for (const part of ['details', 'output'] as const) this.richTextLength(task[part], `${at}/${part}`);
      if (task.sources !== undefined)
        this.listOf(task.sources, LIMITS.taskSources, `${at}/sources`).forEach((source, j) => {
          const sourceNode = isNode(source) ? source : {};
          this.maxLength(sourceNode.url, LIMITS.url, `${at}/sources/${j}/url`);
        });
    });
  }

  /** A task's details or output: one rich_text whose text adds up to at most 256 characters. */
  richTextLength(value: unknown, path: string): void {
    if (value === undefined) return;
    if (!isNode(value) || value.type !== 'rich_text') {
      this.report(path, 'must be a rich_text');
      return;
    }
    const length = textLength(value.elements);
    if (length > LIMITS.taskText)
      this.report(path, `${length} characters, over the limit of ${LIMITS.taskText}`);
  }

  section(block: Node, path: string): void {
    if (block.text === undefined && block.fields === undefined) this.report(path, 'needs text or fields');
    this.optionalText(block.text, LIMITS.sectionText, `${path}/text`);
    if (block.fields !== undefined) {
      this.listOf(block.fields, LIMITS.fields, `${path}/fields`).forEach((field, i) => {
        this.textObject(field, LIMITS.fieldText, `${path}/fields/${i}`);
      });
    }
    if (block.accessory !== undefined) this.element(block.accessory, `${path}/accessory`);
  }

  blocks(blocks: unknown, surface: Surface): void {
    if (!Array.isArray(blocks)) {
      this.report('/blocks', 'missing blocks');
      return;
    }
    const max = LIMITS.blocks[surface];
    if (blocks.length > max) this.report('/blocks', `${blocks.length} blocks, over the limit of ${max}`);
    blocks.forEach((block, i) => {
      this.block(block, `/blocks/${i}`);
    });
  }

  view(view: Node, surface: Surface): void {
    if (view.type !== surface) this.report('/type', `expected a ${surface} view`);
    if (surface === 'modal') {
      this.textObject(view.title, LIMITS.viewTitle, '/title', true);
      this.optionalText(view.submit, LIMITS.viewTitle, '/submit', true);
      this.optionalText(view.close, LIMITS.viewTitle, '/close', true);
      const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isNode(b) && b.type === 'input');
      if (hasInput && view.submit === undefined) this.report('/submit', 'a modal with inputs needs submit');
    }
    this.maxLength(view.private_metadata, LIMITS.privateMetadata, '/private_metadata');
    this.maxLength(view.callback_id, LIMITS.id, '/callback_id');
  }

  message(message: Node): void {
    if (typeof message.text !== 'string' || message.text.trim().length === 0) {
      this.report('/text', 'the text fallback is empty');
    } else if (message.text.length >= LIMITS.messageText) {
      this.report('/text', `${message.text.length} characters, must stay under ${LIMITS.messageText}`);
    }
  }
}

/** Every limit this message or view breaks on `surface` (empty: Slack would accept it). */
export function checkMessageLimits(subject: LimitSubject, surface: Surface): LimitViolation[] {
  const walker = new LimitWalker();
  const node = subject as unknown as Node;
  if (surface === 'message') walker.message(node);
  else walker.view(node, surface);
  walker.blocks(node.blocks, surface);
  return walker.violations;
}
