/**
 * Block Kit limits, checked the way Slack checks them. Pure: `validateBlocks` returns the list of
 * problems (empty when the blocks would be accepted), each formatted like Slack's
 * `response_metadata.messages`: `[ERROR] why [json-pointer:/blocks/0/text/text]`.
 */

export type BlockSurface = 'message' | 'modal' | 'home';

const MAX_BLOCKS: Record<BlockSurface, number> = { message: 50, modal: 100, home: 100 };
const MAX_ID_LENGTH = 255;

const BLOCK_TYPES = new Set([
  'actions',
  'context',
  'context_actions',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'plan',
  'rich_text',
  'section',
  'table',
  'task_card',
  'video',
]);

const TASK_STATUSES = new Set(['pending', 'in_progress', 'complete', 'error']);
/** A task card's details and output (Slack: 256 characters); titles kept to a header's 150. */
const TASK_TEXT_MAX = 256;
const TITLE_MAX = 150;

/** The characters of every `text` inside a rich text's elements. */
function richTextLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + richTextLength(item), 0);
  if (!isObject(value)) return 0;
  return (typeof value.text === 'string' ? value.text.length : 0) + richTextLength(value.elements);
}

const SELECT_TYPES = ['static', 'external', 'users', 'conversations', 'channels'].flatMap((kind) => [
  `${kind}_select`,
  `multi_${kind}_select`,
]);

const INTERACTIVE_TYPES = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'overflow',
  'radio_buttons',
  'timepicker',
  'workflow_button',
  'plain_text_input',
  'email_text_input',
  'number_input',
  'url_text_input',
  'rich_text_input',
  'file_input',
  ...SELECT_TYPES,
]);

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class BlockChecker {
  readonly problems: string[] = [];
  private readonly blockIds = new Set<string>();
  private readonly actionIds = new Set<string>();

  fail(why: string, path: string): void {
    this.problems.push(`[ERROR] ${why} [json-pointer:${path}]`);
  }

  text(value: unknown, path: string, max: number, plainOnly = false): void {
    if (!isObject(value)) {
      this.fail('must be a text object', path);
      return;
    }
    const allowed = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
    if (typeof value.type !== 'string' || !allowed.includes(value.type)) {
      this.fail(`must be of type ${allowed.join(' or ')}`, `${path}/type`);
    }
    if (typeof value.text !== 'string' || value.text.length === 0) {
      this.fail('must be more than 0 characters', `${path}/text`);
    } else if (value.text.length > max) {
      this.fail(`must be less than ${max + 1} characters`, `${path}/text`);
    }
  }

  string(value: unknown, path: string, max: number): void {
    if (value === undefined) return;
    if (typeof value !== 'string') this.fail('must be a string', path);
    else if (value.length > max) this.fail(`must be less than ${max + 1} characters`, path);
  }

  uniqueId(kind: 'block_id' | 'action_id', value: unknown, path: string): void {
    if (value === undefined) return;
    this.string(value, path, MAX_ID_LENGTH);
    if (typeof value !== 'string') return;
    const seen = kind === 'block_id' ? this.blockIds : this.actionIds;
    if (seen.has(value)) this.fail(`${kind} "${value}" is already used`, path);
    seen.add(value);
  }

  list(value: unknown, path: string, min: number, max: number): unknown[] {
    if (!Array.isArray(value)) {
      this.fail('must be an array', path);
      return [];
    }
    if (value.length < min) this.fail(`must provide at least ${min} items`, path);
    if (value.length > max) this.fail(`must be less than ${max + 1} items`, path);
    return value;
  }

  element(value: unknown, path: string): void {
    if (!isObject(value) || typeof value.type !== 'string') {
      this.fail('must be an element object with a type', path);
      return;
    }
    if (value.type === 'image') {
      this.image(value, path);
      return;
    }
    if (!INTERACTIVE_TYPES.has(value.type)) {
      this.fail(`unknown element type "${value.type}"`, `${path}/type`);
      return;
    }
    this.uniqueId('action_id', value.action_id, `${path}/action_id`);
    if (value.type === 'button') {
      this.text(value.text, `${path}/text`, 75, true);
      this.string(value.value, `${path}/value`, 2000);
      this.string(value.url, `${path}/url`, 3000);
      if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') {
        this.fail('must be "primary" or "danger"', `${path}/style`);
      }
    } else if (value.type === 'overflow') {
      this.list(value.options, `${path}/options`, 1, 5);
    } else if (value.options !== undefined) {
      this.list(value.options, `${path}/options`, 1, 100);
    }
  }

  /** `context_actions` holds only feedback buttons and icon buttons, at most 5. */
  contextAction(value: unknown, path: string): void {
    if (!isObject(value) || (value.type !== 'feedback_buttons' && value.type !== 'icon_button')) {
      this.fail('must be a feedback_buttons or icon_button element', path);
      return;
    }
    this.uniqueId('action_id', value.action_id, `${path}/action_id`);
    if (value.type === 'icon_button') {
      if (typeof value.icon !== 'string' || value.icon.length === 0)
        this.fail('must provide icon', `${path}/icon`);
      this.text(value.text, `${path}/text`, 75, true);
      this.string(value.value, `${path}/value`, 2000);
      return;
    }
    for (const side of ['positive_button', 'negative_button']) {
      const button = value[side];
      const at = `${path}/${side}`;
      if (!isObject(button)) {
        this.fail('must provide a button object', at);
        continue;
      }
      this.text(button.text, `${at}/text`, 75, true);
      if (typeof button.value !== 'string') this.fail('must provide a value', `${at}/value`);
      this.string(button.value, `${at}/value`, 2000);
      this.string(button.accessibility_label, `${at}/accessibility_label`, 75);
    }
  }

  image(value: Obj, path: string): void {
    if (value.image_url === undefined && value.slack_file === undefined) {
      this.fail('must provide image_url or slack_file', path);
    }
    this.string(value.image_url, `${path}/image_url`, 3000);
    if (typeof value.alt_text !== 'string' || value.alt_text.length === 0) {
      this.fail('must provide alt_text', `${path}/alt_text`);
    } else {
      this.string(value.alt_text, `${path}/alt_text`, 2000);
    }
  }

  block(block: unknown, path: string): void {
    if (!isObject(block) || typeof block.type !== 'string') {
      this.fail('must be a block object with a type', path);
      return;
    }
    if (!BLOCK_TYPES.has(block.type)) {
      this.fail(`unknown block type "${block.type}"`, `${path}/type`);
      return;
    }
    this.uniqueId('block_id', block.block_id, `${path}/block_id`);
    this.byType[block.type]?.(block, path);
  }

  /** Checks specific to each block type (types not listed only get the common checks). */
  private readonly byType: Record<string, (block: Obj, path: string) => void> = {
    section: (block, path) => this.section(block, path),
    header: (block, path) => this.text(block.text, `${path}/text`, 150, true),
    context: (block, path) => this.context(block, path),
    actions: (block, path) => {
      this.list(block.elements, `${path}/elements`, 1, 25).forEach((element, i) => {
        this.element(element, `${path}/elements/${i}`);
      });
    },
    context_actions: (block, path) => {
      this.list(block.elements, `${path}/elements`, 1, 5).forEach((element, i) => {
        this.contextAction(element, `${path}/elements/${i}`);
      });
    },
    image: (block, path) => {
      this.image(block, path);
      if (block.title !== undefined) this.text(block.title, `${path}/title`, 2000, true);
    },
    input: (block, path) => {
      this.text(block.label, `${path}/label`, 2000, true);
      if (block.hint !== undefined) this.text(block.hint, `${path}/hint`, 2000, true);
      this.element(block.element, `${path}/element`);
    },
    markdown: (block, path) => {
      if (typeof block.text !== 'string' || block.text.length === 0) {
        this.fail('must be more than 0 characters', `${path}/text`);
      } else {
        this.string(block.text, `${path}/text`, 12000);
      }
    },
    rich_text: (block, path) => {
      this.list(block.elements, `${path}/elements`, 0, Number.POSITIVE_INFINITY);
    },
    plan: (block, path) => {
      if (typeof block.title !== 'string' || block.title.length === 0)
        this.fail('must provide a title', `${path}/title`);
      this.string(block.title, `${path}/title`, TITLE_MAX);
      if (block.tasks === undefined) return;
      const taskIds = new Set<string>();
      this.list(block.tasks, `${path}/tasks`, 0, Number.POSITIVE_INFINITY).forEach((task, i) => {
        const at = `${path}/tasks/${i}`;
        if (!isObject(task) || task.type !== 'task_card') this.fail('must be a task_card', at);
        else {
          if (typeof task.task_id === 'string' && taskIds.has(task.task_id))
            this.fail(`task_id "${task.task_id}" is already used`, `${at}/task_id`);
          if (typeof task.task_id === 'string') taskIds.add(task.task_id);
          this.taskCard(task, at);
        }
      });
    },
    task_card: (block, path) => this.taskCard(block, path),
  };

  taskCard(task: Obj, path: string): void {
    if (typeof task.task_id !== 'string' || task.task_id.length === 0)
      this.fail('must provide a task_id', `${path}/task_id`);
    if (typeof task.title !== 'string' || task.title.length === 0)
      this.fail('must provide a title', `${path}/title`);
    this.string(task.title, `${path}/title`, TITLE_MAX);
    if (typeof task.status !== 'string' || !TASK_STATUSES.has(task.status))
      this.fail('must be pending, in_progress, complete or error', `${path}/status`);
    for (const part of ['details', 'output'] as const) {
      const value = task[part];
      if (value === undefined) continue;
      if (!isObject(value) || value.type !== 'rich_text') this.fail('must be a rich_text', `${path}/${part}`);
      else if (richTextLength(value.elements) > TASK_TEXT_MAX)
        this.fail(`must be less than ${TASK_TEXT_MAX + 1} characters`, `${path}/${part}`);
    }
    if (task.sources !== undefined) {
      this.list(task.sources, `${path}/sources`, 0, 10).forEach((source, i) => {
        if (!isObject(source) || source.type !== 'url' || typeof source.url !== 'string')
          this.fail('must be a url source with a url', `${path}/sources/${i}`);
        else this.string(source.url, `${path}/sources/${i}/url`, 3000);
      });
    }
  }

  section(block: Obj, path: string): void {
    if (block.text === undefined && block.fields === undefined) {
      this.fail('must provide text or fields', path);
    }
    if (block.text !== undefined) this.text(block.text, `${path}/text`, 3000);
    if (block.fields !== undefined) {
      this.list(block.fields, `${path}/fields`, 1, 10).forEach((field, i) => {
        this.text(field, `${path}/fields/${i}`, 2000);
      });
    }
    if (block.accessory !== undefined) this.element(block.accessory, `${path}/accessory`);
  }

  context(block: Obj, path: string): void {
    this.list(block.elements, `${path}/elements`, 1, 10).forEach((element, i) => {
      const at = `${path}/elements/${i}`;
      if (isObject(element) && element.type === 'image') this.image(element, at);
      else this.text(element, at, 3000);
    });
  }
}

/** Problems Slack would report for these blocks on this surface (empty array: accepted). */
export function validateBlocks(blocks: unknown, surface: BlockSurface): string[] {
  const checker = new BlockChecker();
  if (!Array.isArray(blocks)) {
    checker.fail('must be an array', '/blocks');
    return checker.problems;
  }
  const max = MAX_BLOCKS[surface];
  if (blocks.length > max) checker.fail(`must be less than ${max + 1} items`, '/blocks');
  blocks.forEach((block, i) => {
    checker.block(block, `/blocks/${i}`);
  });
  return checker.problems;
}
