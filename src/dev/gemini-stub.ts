/**
 * A local stand-in for the Gemini REST API (`POST /{v1,v1beta}/models/{model}:generateContent`),
 * for tests and offline demos: the real `@google/genai` client talks to it through its `baseUrl`.
 * Replies are scripted per stage; unscripted calls are answered with the rule reasoner's output
 * for the observed input, so a whole incident can be "model-produced" offline.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseStageHeader } from '../agents/prompts/stage-header.js';
import type { Reasoner } from '../agents/reasoner.js';
import { sendJson } from '../http/respond.js';
import {
  errorResponse,
  estimateTokens,
  type StubReply,
  type StubResponse,
  scriptedResponse,
  textResponse,
} from './gemini-stub-replies.js';
import { createRuleAnswers } from './gemini-stub-rules.js';
import { readBody } from './slack-emulator/params.js';

export type { StubReply, StubUsage } from './gemini-stub-replies.js';

export interface StubRequest {
  path: string;
  apiVersion: string;
  model: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: GenerateContentBody;
  /** From the prompt's header: `triage`, `specialist:web`, `rca`, `plan`; null when absent. */
  stage: string | null;
  incidentId: string | null;
  /** A follow-up turn after an invalid reply. */
  repair: boolean;
  /** How the stub answered: `scripted`, `rules`, `error`. */
  answeredBy: string;
}

export interface GenerateContentBody {
  contents?: { role?: string; parts?: { text?: string }[] }[];
  systemInstruction?: unknown;
  generationConfig?: { responseMimeType?: string; responseJsonSchema?: unknown; temperature?: number };
}

export interface GeminiStub {
  /** Base URL for `GEMINI_BASE_URL` / `httpOptions.baseUrl`. */
  readonly url: string;
  readonly requests: StubRequest[];
  /**
   * Queue replies for a stage: `triage`, `specialist` (any), `specialist:web`, `rca`, `plan`, or
   * `*` (any stage). The most specific queue with replies left answers first.
   */
  script(stage: string, replies: StubReply[]): void;
  /** Wraps the reasoner under test so unscripted calls can be answered from its inputs. */
  observe(reasoner: Reasoner): Reasoner;
  reset(): void;
  close(): Promise<void>;
}

const ROUTE = /^\/(v1|v1beta)\/models\/([^/:]+):generateContent$/;

function queueKeys(stage: string | null): string[] {
  if (!stage) return ['*'];
  const family = stage.split(':')[0] ?? stage;
  return family === stage ? [stage, '*'] : [stage, family, '*'];
}

export async function startGeminiStub(options: { port?: number } = {}): Promise<GeminiStub> {
  const scripts = new Map<string, StubReply[]>();
  const requests: StubRequest[] = [];
  const rules = createRuleAnswers();

  function takeScripted(stage: string | null): StubReply | undefined {
    for (const key of queueKeys(stage)) {
      const reply = scripts.get(key)?.shift();
      if (reply) return reply;
    }
    return undefined;
  }

  async function answer(record: StubRequest, promptTokens: number): Promise<StubResponse | null> {
    if (!record.headers['x-goog-api-key']) return errorResponse(403);
    const scripted = takeScripted(record.stage);
    if (scripted) {
      record.answeredBy = 'scripted';
      return scriptedResponse(scripted, record.model, promptTokens);
    }
    const output =
      record.stage && record.incidentId ? await rules.answer(record.incidentId, record.stage) : null;
    if (output === null) {
      record.answeredBy = 'error';
      const what = `${record.stage ?? 'unknown stage'} of ${record.incidentId ?? 'unknown incident'}`;
      return errorResponse(400, `gemini stub: nothing scripted and no observed input for ${what}`);
    }
    record.answeredBy = 'rules';
    return textResponse(JSON.stringify(output), record.model, promptTokens);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    const route = ROUTE.exec(decodeURIComponent(path));
    const rawBody = (await readBody(req)).toString('utf8');
    if (req.method !== 'POST' || !route) return sendJson(res, 404, errorResponse(404).body);
    let body: GenerateContentBody;
    try {
      body = JSON.parse(rawBody) as GenerateContentBody;
    } catch {
      return sendJson(res, 400, errorResponse(400, 'Invalid JSON payload received.').body);
    }
    const firstText = body.contents?.[0]?.parts?.[0]?.text ?? '';
    const header = parseStageHeader(firstText);
    const record: StubRequest = {
      path,
      apiVersion: route[1] ?? '',
      model: route[2] ?? '',
      headers: req.headers,
      rawBody,
      body,
      stage: header?.stage ?? null,
      incidentId: header?.incidentId ?? null,
      repair: (body.contents?.length ?? 0) > 1,
      answeredBy: 'error',
    };
    requests.push(record);
    const promptTokens = estimateTokens(JSON.stringify([body.systemInstruction, body.contents]));
    const response = await answer(record, promptTokens);
    if (response === null) return; // a hang: closing the stub ends it
    sendJson(res, response.status, response.body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorResponse(500, `gemini stub: ${String(error)}`).body);
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(stage, replies) {
      scripts.set(stage, [...(scripts.get(stage) ?? []), ...replies]);
    },
    observe: (reasoner) => rules.observe(reasoner),
    reset() {
      scripts.clear();
      requests.length = 0;
      rules.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
