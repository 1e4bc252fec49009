/** What the Gemini stub answers, shaped like the REST API's generateContent replies and errors. */

export interface StubUsage {
  prompt: number;
  output: number;
}

export type StubReply =
  /** A valid JSON reply (the object is serialized as the reply text). */
  | { json: unknown; usage?: StubUsage }
  /** Reply text as is: malformed JSON, prose, … */
  | { text: string; usage?: StubUsage }
  | { status: 400 | 429 | 500 | 503; body?: unknown }
  /** Never answers; the connection stays open until the client gives up or the stub closes. */
  | { hang: true }
  /** finishReason set to this, no text. */
  | { block: 'SAFETY' | 'RECITATION' | 'PROHIBITED_CONTENT' | 'OTHER' };

export interface StubResponse {
  status: number;
  body: unknown;
}

const STATUS_NAMES: Readonly<Record<number, { status: string; message: string }>> = {
  400: { status: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.' },
  403: { status: 'PERMISSION_DENIED', message: 'Method does not allow unregistered callers.' },
  404: { status: 'NOT_FOUND', message: 'Not found.' },
  429: { status: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted (e.g. check quota).' },
  500: { status: 'INTERNAL', message: 'An internal error has occurred.' },
  503: { status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
};

export function errorResponse(code: number, message?: string): StubResponse {
  const known = STATUS_NAMES[code] ?? { status: 'UNKNOWN', message: 'Error.' };
  return { status: code, body: { error: { code, message: message ?? known.message, status: known.status } } };
}

/** Roughly four characters a token, like the real tokenizer on English and JSON. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function usageMetadata(prompt: number, output: number) {
  return { promptTokenCount: prompt, candidatesTokenCount: output, totalTokenCount: prompt + output };
}

export function textResponse(
  text: string,
  model: string,
  promptTokens: number,
  usage?: StubUsage,
): StubResponse {
  const prompt = usage?.prompt ?? promptTokens;
  const output = usage?.output ?? estimateTokens(text);
  return {
    status: 200,
    body: {
      candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: usageMetadata(prompt, output),
      modelVersion: model,
    },
  };
}

export function blockedResponse(finishReason: string, model: string, promptTokens: number): StubResponse {
  return {
    status: 200,
    body: {
      candidates: [
        {
          finishReason,
          index: 0,
          safetyRatings: [
            { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
          ],
        },
      ],
      usageMetadata: usageMetadata(promptTokens, 0),
      modelVersion: model,
    },
  };
}

/** The scripted reply as a response; null for a hang. */
export function scriptedResponse(reply: StubReply, model: string, promptTokens: number): StubResponse | null {
  if ('hang' in reply) return null;
  if ('status' in reply) {
    const fallback = errorResponse(reply.status);
    return reply.body === undefined ? fallback : { status: reply.status, body: reply.body };
  }
  if ('block' in reply) return blockedResponse(reply.block, model, promptTokens);
  const text = 'json' in reply ? JSON.stringify(reply.json) : reply.text;
  return textResponse(text, model, promptTokens, reply.usage);
}
