import { describe, expect, it } from 'vitest';
import { renderBlocks, renderModal } from '../../../src/dev/playground/browser/blocks.js';
import { escapeHtml, renderMrkdwn } from '../../../src/dev/playground/browser/mrkdwn.js';
import { progressMessage } from '../../../src/slack/blocks/progress.js';
import { FEEDBACK_BLOCK } from './feedback-blocks.js';

const ctx = { users: { U0DEMO: 'you', U0ANN: 'ann' }, me: 'U0DEMO' };
const plain = (text: string) => ({ type: 'plain_text', text });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

describe('the playground page draws mrkdwn', () => {
  it.each([
    ['*bold* and _italic_ and ~gone~', '<b>bold</b> and <i>italic</i> and <s>gone</s>'],
    ['fault `bad_config` on db_primary', 'fault <code>bad_config</code> on db_primary'],
    ['```line 1\n<b>x</b>```', '<pre>line 1\n&lt;b&gt;x&lt;/b&gt;</pre>'],
    ['a\nb', 'a<br>b'],
    ['&gt; quoted\nnot', '<span class="quote">quoted</span><br>not'],
  ])('%s', (text, html) => {
    expect(renderMrkdwn(text, ctx)).toBe(html);
  });

  it('leaves word-inner markers alone: snake_case_names and 2*3*4 stay as typed', () => {
    expect(renderMrkdwn('db_primary_replica and 2*3*4', ctx)).toBe('db_primary_replica and 2*3*4');
  });

  it('escapes HTML, whether Slack escaped it or not, and inside code', () => {
    expect(renderMrkdwn('&lt;script&gt;alert(1)&lt;/script&gt;', ctx)).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(renderMrkdwn('<img src=x onerror=alert(1)>', ctx)).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(renderMrkdwn('`<i>"q"</i>`', ctx)).toBe('<code>&lt;i&gt;&quot;q&quot;&lt;/i&gt;</code>');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(renderMrkdwn(undefined)).toBe('');
  });

  it('links http(s) and mailto targets, with their label, and refuses other schemes', () => {
    expect(renderMrkdwn('see <https://example.com/a?b=1&amp;c=2|the runbook>', ctx)).toBe(
      'see <a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the runbook</a>',
    );
    expect(renderMrkdwn('<mailto:oncall@example.com>', ctx)).toContain('href="mailto:oncall@example.com"');
    expect(renderMrkdwn('<javascript:alert(1)|click>', ctx)).toBe('&lt;javascript:alert(1)|click&gt;');
    expect(renderMrkdwn('<https://x.test/"onmouseover=1|a>', ctx)).toContain(
      'href="https://x.test/&quot;onmouseover=1"',
    );
  });

  it('names mentioned people, marks the signed-in one, and draws channels and special mentions', () => {
    expect(renderMrkdwn('cc <@U0DEMO> and <@U0ANN>', ctx)).toBe(
      'cc <span class="mention me" data-id="U0DEMO">@you</span> and <span class="mention" data-id="U0ANN">@ann</span>',
    );
    expect(renderMrkdwn('<@U0NOBODY|bob>', ctx)).toBe('<span class="mention" data-id="U0NOBODY">@bob</span>');
    expect(renderMrkdwn('<@U0NOBODY>', ctx)).toContain('>@U0NOBODY</span>');
    expect(renderMrkdwn('in <#C0WARROOM|warroom>', ctx)).toContain(
      '<span class="mention" data-id="C0WARROOM">#warroom</span>',
    );
    expect(renderMrkdwn('<!here>', ctx)).toBe('<span class="mention" data-id="here">@here</span>');
    expect(renderMrkdwn('<!date^1700000000^{date}|Nov 14>', ctx)).toBe('Nov 14');
  });
});

describe('the playground page draws Block Kit', () => {
  it('draws a section with text, fields and a button accessory that names its message and block', () => {
    const html = renderBlocks(
      [
        {
          type: 'section',
          block_id: 'summary',
          text: mrkdwn('*INC-0001* is open'),
          fields: [mrkdwn('*System*\napi'), plain('sev <1>')],
          accessory: { type: 'button', action_id: 'incident_details', text: plain('Details') },
        },
      ],
      { ts: '1.000001' },
      ctx,
    );
    expect(html).toBe(
      '<div class="b-section"><div class="b-main"><div class="b-text"><b>INC-0001</b> is open</div>' +
        '<div class="b-fields"><div class="b-field"><b>System</b><br>api</div><div class="b-field">sev &lt;1&gt;</div></div></div>' +
        '<div class="b-accessory"><button type="button" class="btn" data-action="incident_details" data-block="summary" data-ts="1.000001">Details</button></div></div>',
    );
  });

  it('draws buttons with their style and confirm dialog, and headers, context and dividers', () => {
    const html = renderBlocks(
      [
        { type: 'header', text: plain('INC-0001 · Resolved') },
        { type: 'divider' },
        { type: 'context', elements: [mrkdwn('Opened now')] },
        {
          type: 'actions',
          block_id: 'approval_actions',
          elements: [
            {
              type: 'button',
              action_id: 'incident_approve',
              style: 'primary',
              text: plain('Approve'),
              confirm: { title: plain('Sure?') },
            },
            { type: 'button', action_id: 'incident_reject', style: 'danger', text: plain('Reject') },
            {
              type: 'button',
              action_id: 'open_runbook',
              url: 'https://runbooks.test/api',
              text: plain('Runbook'),
            },
          ],
        },
      ],
      { ts: '1.000001' },
      ctx,
    );
    expect(html).toContain('<div class="b-header">INC-0001 · Resolved</div>');
    expect(html).toContain('<hr class="b-divider">');
    expect(html).toContain('<div class="b-context"><span>Opened now</span></div>');
    expect(html).toContain(
      'class="btn btn-primary" data-action="incident_approve" data-block="approval_actions" data-ts="1.000001"',
    );
    expect(html).toContain('data-confirm="{&quot;title&quot;:{&quot;type&quot;:&quot;plain_text&quot;');
    expect(html).toContain('class="btn btn-danger" data-action="incident_reject"');
    // A link button opens its URL; it sends the app nothing, so it carries no action.
    expect(html).toContain(
      '<a class="btn" href="https://runbooks.test/api" target="_blank" rel="noopener noreferrer">Runbook</a>',
    );
  });

  it('marks buttons of an ephemeral message, and draws both sides of feedback buttons', () => {
    const html = renderBlocks([FEEDBACK_BLOCK], { ts: '2.5', ephemeral: true }, ctx);
    expect(html).toContain(
      'data-action="rate" data-block="fb" data-ts="2.5" data-choice="positive" data-ephemeral="1">👍 Good</button>',
    );
    expect(html).toContain('data-choice="negative" data-ephemeral="1">👎 Bad</button>');
  });

  it('says which blocks and elements it cannot draw, and draws nothing for no blocks', () => {
    const html = renderBlocks(
      [{ type: 'rich_text' }, { type: 'actions', elements: [{ type: 'overflow' }] }],
      {},
      ctx,
    );
    expect(html).toContain('[rich_text block is not drawn here]');
    expect(html).toContain('[overflow is not drawn here]');
    expect(renderBlocks(undefined, {}, ctx)).toBe('');
  });

  it('draws a modal with its inputs, their limits and initial values escaped', () => {
    const html = renderModal(
      {
        title: plain('Reject'),
        submit: plain('Send'),
        blocks: [
          {
            type: 'input',
            block_id: 'reason',
            label: plain('Why?'),
            element: {
              type: 'plain_text_input',
              action_id: 'reason_input',
              multiline: true,
              max_length: 300,
              initial_value: '<b>"x"</b>',
            },
          },
        ],
      },
      ctx,
    );
    expect(html).toContain('<h2 id="modal-title">Reject</h2>');
    expect(html).toContain(
      '<textarea rows="5" id="input-reason" class="m-input" data-block="reason" data-action="reason_input" placeholder="" maxlength="300">&lt;b&gt;&quot;x&quot;&lt;/b&gt;</textarea>',
    );
    expect(html).toContain('data-modal-close="1">Cancel</button>');
    expect(html).toContain('data-modal-submit="1">Send</button>');
  });

  it('draws a plan as a checklist of its task cards, each with its status, details and output, escaped', () => {
    const message = progressMessage({
      id: 'INC-0007',
      phase: 'diagnosis',
      now: '2026-03-14T09:42:05.000Z',
      stages: [
        {
          key: 'intake',
          label: 'Intake',
          phase: 'diagnosis',
          rank: 0,
          state: 'done',
          durationMs: 42,
          summary: 'api <b>sev1</b>',
          attempt: 1,
        },
        { key: 'rca', label: 'Root cause', phase: 'diagnosis', rank: 3, state: 'running', attempt: 1 },
        {
          key: 'plan',
          label: 'Plan',
          phase: 'diagnosis',
          rank: 4,
          state: 'failed',
          error: 'model timed out',
          attempt: 1,
        },
        { key: 'decide', label: 'Routing', phase: 'diagnosis', rank: 7, state: 'pending', attempt: 1 },
      ],
    });
    const html = renderBlocks(message.blocks, { ts: '3.5' }, ctx);
    expect(html).toContain(
      '<div class="b-plan-title">Diagnosis · INC-0007 · 1/4 stages done, 1 failed</div>',
    );
    expect(html).toContain('<li class="b-task b-task-complete" data-task="intake">');
    expect(html).toContain(
      '<div class="b-task-details">42 ms</div><div class="b-task-output">api &lt;b&gt;sev1&lt;/b&gt;</div>',
    );
    expect(html).toContain('<li class="b-task b-task-in_progress" data-task="rca">');
    expect(html).toContain('<li class="b-task b-task-error" data-task="plan">');
    expect(html).toContain('<div class="b-task-output">model timed out</div>');
    expect(html).toContain('<li class="b-task b-task-pending" data-task="decide">');
    expect(html).not.toContain('not drawn here');
  });

  it("draws a task card's sources as links, and only http(s) ones", () => {
    const html = renderBlocks(
      [
        {
          type: 'task_card',
          task_id: 't1',
          title: 'Read Prometheus',
          status: 'complete',
          sources: [
            { type: 'url', url: 'http://127.0.0.1:9090/graph?g0.expr=up', text: 'up' },
            { type: 'url', url: 'javascript:alert(1)', text: 'bad' },
          ],
        },
      ],
      {},
      ctx,
    );
    expect(html).toContain(
      '<a href="http://127.0.0.1:9090/graph?g0.expr=up" target="_blank" rel="noopener noreferrer">up</a>',
    );
    expect(html).not.toContain('javascript:');
  });
});
