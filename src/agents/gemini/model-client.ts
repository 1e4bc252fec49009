import { type GenerateContentResponse, GoogleGenAI } from '@google/genai';
import { failureOf, ModelFailure, RETRIED_STATUSES } from './model-failure.js';
import { type TokenUsage, usageOf } from './token-usage.js';

export interface ModelClientOptions {
  apiKey: string;
  model: string;
  baseUrl?: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Extra attempts after a 408, 429 or 5xx, or a timeout. */
  retries: number;
  temperature?: number;
}

export interface ModelTurn {
  role: 'user' | 'model';
  text: string;
}

export interface ModelRequest {
  system: string;
  turns: readonly ModelTurn[];
  responseJsonSchema: object;
}

export interface ModelReply {
  text: string;
  usage: TokenUsage;
}

/** One structured-output call; every way it can fail becomes a ModelFailure. */
export interface ModelClient {
  generate(request: ModelRequest): Promise<ModelReply>;
}

/** Finish reasons after which the text, if any, is the model's whole answer. */
const ANSWERED = new Set(['STOP', 'MAX_TOKENS', 'FINISH_REASON_UNSPECIFIED']);

function replyOf(response: GenerateContentResponse): ModelReply {
  const usage = usageOf(response.usageMetadata);
  const blocked = response.promptFeedback?.blockReason;
  if (blocked) throw new ModelFailure(`model refused the prompt: block reason ${blocked}`, usage);
  const candidate = response.candidates?.[0];
  const finish = candidate?.finishReason;
  if (finish && !ANSWERED.has(finish))
    throw new ModelFailure(`model refused: finish reason ${finish}`, usage);
  const text = (candidate?.content?.parts ?? [])
    .filter((part) => part.thought !== true && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
  if (text.trim() === '') {
    throw new ModelFailure(`model returned an empty reply (finish reason ${finish ?? 'none'})`, usage);
  }
  return { text, usage };
}

export function createModelClient(options: ModelClientOptions): ModelClient {
  // The key lives in this client only: the SDK sends it as x-goog-api-key and nowhere else.
  const ai = new GoogleGenAI({
    apiKey: options.apiKey,
    vertexai: false,
    httpOptions: {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      timeout: options.timeoutMs,
      ...(options.retries > 0
        ? {
            retryOptions: {
              attempts: options.retries + 1,
              initialDelay: 0.5,
              maxDelay: 4,
              httpStatusCodes: [...RETRIED_STATUSES],
            },
          }
        : {}),
    },
  });
  return {
    async generate(request) {
      let response: GenerateContentResponse;
      try {
        response = await ai.models.generateContent({
          model: options.model,
          contents: request.turns.map((turn) => ({ role: turn.role, parts: [{ text: turn.text }] })),
          config: {
            systemInstruction: request.system,
            responseMimeType: 'application/json',
            responseJsonSchema: request.responseJsonSchema,
            temperature: options.temperature ?? 0.2,
            automaticContinuation: false,
          },
        });
      } catch (error) {
        throw failureOf(error, {
          timeoutMs: options.timeoutMs,
          attempts: options.retries + 1,
          secret: options.apiKey,
        });
      }
      return replyOf(response);
    },
  };
}
