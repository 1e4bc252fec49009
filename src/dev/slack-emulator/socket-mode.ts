/**
 * Socket Mode for the emulator: `apps.connections.open` (app-level `xapp-…` token) hands out a
 * one-time `ws://` URL; the WebSocket server greets with `hello`, delivers envelopes and resolves
 * each `send` with the payload of the app's ack, as @slack/socket-mode expects of Slack.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket as WsSocket } from 'ws';
import { slashCommandForm } from '../slack-driver/payloads.js';
import { fail, type MethodContext } from './method-context.js';
import type { EmulatorIdentity } from './store.js';
import type { JsonObject, MethodAnswer, SyntheticUser } from './types.js';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SendOptions {
  retryAttempt?: number;
  retryReason?: string;
  /** How long to wait for the ack (default 3000: Slack's deadline). */
  ackTimeoutMs?: number;
}

export interface SocketModeEmulatorRef {
  /** The emulator's `http://127.0.0.1:port`: its `apps.connections.open` hands out this server's URL. */
  origin: string;
  identity: { appId: string };
}

interface PendingAck {
  socket: WsSocket;
  resolve(payload: JsonObject | undefined): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const SOCKET_PATH = '/socket';
const ACK_DEADLINE_MS = 3000;
const serversByEmulatorOrigin = new Map<string, SocketModeServer>();

function ackPayloadOf(message: unknown): { envelopeId: string; payload: JsonObject | undefined } | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { envelope_id: envelopeId, payload } = message as JsonObject;
  if (typeof envelopeId !== 'string') return undefined;
  const body = typeof payload === 'object' && payload !== null ? (payload as JsonObject) : {};
  return { envelopeId, payload: Object.keys(body).length > 0 ? body : undefined };
}

export class SocketModeServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets = new Set<WsSocket>();
  private readonly pending = new Map<string, PendingAck>();

  constructor(
    private readonly http: Server,
    /** `ws://127.0.0.1:port` */
    readonly origin: string,
    private readonly emulator: SocketModeEmulatorRef,
  ) {
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', origin);
      const ticket = url.searchParams.get('ticket') ?? '';
      if (url.pathname !== SOCKET_PATH || !this.tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (client) => this.accept(client));
    });
  }

  /** A URL good for one connection, as `apps.connections.open` answers. */
  issueUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${this.origin}${SOCKET_PATH}?ticket=${ticket}&app_id=${this.emulator.identity.appId}`;
  }

  connected(): boolean {
    return [...this.sockets].some((socket) => socket.readyState === WsSocket.OPEN);
  }

  /** Delivers an envelope to the app; resolves with its ack's payload (undefined for a bare ack). */
  send(type: EnvelopeType, payload: JsonObject, options: SendOptions = {}): Promise<JsonObject | undefined> {
    const socket = [...this.sockets].find((s) => s.readyState === WsSocket.OPEN);
    if (socket === undefined) return Promise.reject(new Error('no Socket Mode connection is open'));
    const envelopeId = randomUUID();
    const timeoutMs = options.ackTimeoutMs ?? ACK_DEADLINE_MS;
    const acked = new Promise<JsonObject | undefined>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`no ack for ${type} envelope ${envelopeId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, { socket, resolve, reject, timer });
    });
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: options.retryAttempt ?? 0,
        retry_reason: options.retryReason ?? '',
      }),
    );
    return acked;
  }

  async close(): Promise<void> {
    if (serversByEmulatorOrigin.get(this.emulator.origin) === this) {
      serversByEmulatorOrigin.delete(this.emulator.origin);
    }
    for (const socket of this.sockets) socket.terminate();
    this.settle(() => true, new Error('Socket Mode server closed before the ack'));
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  private accept(socket: WsSocket): void {
    this.sockets.add(socket);
    socket.on('message', (data) => this.receive(socket, data.toString('utf8')));
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.settle((p) => p.socket === socket, new Error('socket closed before the ack'));
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.size,
        debug_info: { host: 'slack-emulator', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.emulator.identity.appId },
      }),
    );
  }

  private receive(socket: WsSocket, text: string): void {
    let ack: ReturnType<typeof ackPayloadOf>;
    try {
      ack = ackPayloadOf(JSON.parse(text));
    } catch {
      return;
    }
    const waiting = ack ? this.pending.get(ack.envelopeId) : undefined;
    if (ack === undefined || waiting?.socket !== socket) return;
    this.pending.delete(ack.envelopeId);
    clearTimeout(waiting.timer);
    waiting.resolve(ack.payload);
  }

  /** Rejects the pending acks `which` picks. */
  private settle(which: (pending: PendingAck) => boolean, error: Error): void {
    for (const [envelopeId, waiting] of this.pending) {
      if (!which(waiting)) continue;
      this.pending.delete(envelopeId);
      clearTimeout(waiting.timer);
      waiting.reject(error);
    }
  }
}

/** Starts Socket Mode for an emulator (on a port of its own); stop the app before closing it. */
export async function startSocketMode(emulator: SocketModeEmulatorRef): Promise<SocketModeServer> {
  const http = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('Upgrade Required');
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const server = new SocketModeServer(
    http,
    `ws://127.0.0.1:${(http.address() as AddressInfo).port}`,
    emulator,
  );
  serversByEmulatorOrigin.set(emulator.origin, server);
  return server;
}

/**
 * `apps.connections.open`: only app-level tokens. Refusals use errors the Socket Mode client
 * gives up on at once (a real `not_allowed_token_type` would have it retry for minutes).
 */
export function openSocketConnection(ctx: MethodContext, token: string | undefined): MethodAnswer {
  if (token === undefined) return fail('not_authed');
  if (!token.startsWith('xapp-')) return fail('invalid_auth', ['apps.connections.open needs an xapp- token']);
  const server = serversByEmulatorOrigin.get(ctx.origin);
  if (server === undefined) return fail('invalid_auth', ['Socket Mode is not started on this emulator']);
  return { ok: true, url: server.issueUrl() };
}

export interface SlashCommandInput {
  command: string;
  text: string;
  userId: string;
  channelId: string;
}

/** The payload of a `slash_commands` envelope, with a trigger_id and response_url the emulator honours. */
/** What a slash command's payload needs of the emulator: declared here, so that only the emulator imports this file. */
export interface SlashCommandHost {
  readonly identity: EmulatorIdentity;
  user(userId: string): SyntheticUser | undefined;
  channelName(channel: string): string;
  responseUrl(channel: string, user: string): string;
  issueTriggerId(userId: string): string;
}

export function slashCommandPayload(emulator: SlashCommandHost, input: SlashCommandInput): JsonObject {
  const { identity } = emulator;
  const user = { id: input.userId, name: emulator.user(input.userId)?.name ?? input.userId.toLowerCase() };
  const form = slashCommandForm(
    {
      teamId: identity.teamId,
      teamDomain: identity.teamDomain,
      apiAppId: identity.appId,
      botUserId: identity.botUserId,
      verificationToken: 'verification-token-dev',
    },
    {
      command: input.command,
      text: input.text,
      user,
      channelId: input.channelId,
      channelName: emulator.channelName(input.channelId),
      responseUrl: emulator.responseUrl(input.channelId, input.userId),
      triggerId: emulator.issueTriggerId(input.userId),
    },
  );
  return Object.fromEntries(form);
}
