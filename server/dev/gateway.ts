import type { OutboxRecord } from '../services/records';
import { COLLECTIONS } from '../store/indexes';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';
import type { ActionResult } from '../contract';
import { createMain } from '../entry/create-main';
import { CHECKIN_PAGE, checkinScene } from '../services/checkins';
import { type Caller, type ServiceDeps, wechatCaller } from '../services/context';
import { type LocalDeskTickets, deskCallerOfSession } from '../services/desk-sessions';
import { DESK_PREFIX, deskFile, demoIdentities } from './desk-web';

/** CloudBase refuses text bodies above 100 KB; so does the gateway, to behave the same. */
const MAX_BODY_BYTES = 100 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1', 'localhost']);
/** Host headers a browser sends when it really talks to this machine: a loopback name, any port. */
const LOOPBACK_HOST_HEADER = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;
const DEV_OPENID_HEADER = 'x-dev-openid';

export interface GatewayOptions {
  deps: ServiceDeps;
  /** Only in development does the gateway trust the X-Dev-Openid header, and only from loopback. */
  development: boolean;
  /** Reads the desk's `Authorization: Bearer <ticket>` back to its session (the deps' own issuer). */
  deskTickets: Pick<LocalDeskTickets, 'sessionOf'>;
  host: string;
  port: number;
  /** The desk's build folder (web/dist/), served at /desk/; without it /desk/ is not served. */
  deskRoot?: string;
  log?: (message: string, error?: unknown) => void;
}

export interface RunningGateway {
  server: Server;
  url: string;
  close(): Promise<void>;
}

interface GatewayRequest {
  headers: IncomingMessage['headers'];
  remoteAddress: string | undefined;
}

function devCallerFrom(request: GatewayRequest, development: boolean, host: string): Caller | null {
  if (!development || !LOOPBACK.has(host) || !request.remoteAddress || !LOOPBACK.has(request.remoteAddress)) return null;
  const header = request.headers[DEV_OPENID_HEADER];
  const openid = Array.isArray(header) ? header[0] : header;
  return openid && /^[A-Za-z0-9_-]{6,64}$/.test(openid) ? wechatCaller(openid) : null;
}

const BEARER = /^Bearer ([A-Za-z0-9_.-]{1,200})$/;

/**
 * A desk's ticket, in any mode: the local form of CloudBase's custom login. A request that
 * carries one is the desk's or nobody's; it never falls back to the development header.
 */
async function callerFrom(request: GatewayRequest, options: GatewayOptions, deps: ServiceDeps): Promise<Caller | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const ticket = BEARER.exec(authorization)?.[1];
    const sessionId = ticket ? options.deskTickets.sessionOf(ticket) : null;
    return sessionId ? deskCallerOfSession(deps, sessionId) : null;
  }
  return devCallerFrom(request, options.development, options.host);
}

function send(response: ServerResponse, status: number, body: unknown, contentType = 'application/json; charset=utf-8'): void {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body), 'utf8');
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': payload.length });
  response.end(payload);
}

function failure(code: 'BAD_REQUEST' | 'FORBIDDEN' | 'NOT_FOUND', message: string): ActionResult<never> {
  return { ok: false, error: { code, message } };
}

async function readBody(request: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** The latest outbox entries `GET /dev/outbox` shows. */
const DEV_OUTBOX_LIMIT = 200;

/**
 * The local stand-in for CloudBase: `POST /functions/<name>` with the JSON event as body,
 * answered with the function's result; `GET /health` once ready.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  // A Map, not an object: `/functions/constructor` must not find Object's own constructor.
  const functions = new Map<string, ReturnType<typeof createMain<GatewayRequest>>>([
    [
      'api',
      createMain<GatewayRequest>({
        getDeps: async () => options.deps,
        resolveCaller: (request, deps) => callerFrom(request, options, deps),
        requestFacts: (request) => ({ clientAddress: request.remoteAddress ?? null }),
        log,
      }),
    ],
  ]);

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log('Gateway failure', error);
      if (!response.headersSent)
        send(response, 500, { ok: false, error: { code: 'INTERNAL', message: '系统出了点问题，请稍后再试' } });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 reaches this
    // port as "same origin", so no CORS check stops it; only the Host header tells it apart.
    if (options.development && !LOOPBACK_HOST_HEADER.test(request.headers.host ?? '')) {
      send(response, 403, failure('FORBIDDEN', '开发模式只接受本机地址（127.0.0.1、localhost）的请求'));
      return;
    }
    const url = new URL(request.url ?? '/', 'http://gateway');
    if (request.method === 'GET' && url.pathname === '/health') {
      send(response, 200, { ok: true, data: { status: 'ready' } });
      return;
    }
    const qr = /^\/dev\/checkin-code\/([A-Za-z0-9_-]{1,30})\.png$/.exec(url.pathname);
    if (options.development && request.method === 'GET' && qr) {
      const png = await QRCode.toBuffer(`${CHECKIN_PAGE}?scene=${encodeURIComponent(checkinScene(qr[1]))}`, {
        width: 480,
        margin: 2,
      });
      send(response, 200, png, 'image/png');
      return;
    }
    // What the outbox would have sent (and what it dropped, and why), newest first: for a demo.
    // Loopback only, like the development caller: the entries name the people told.
    if (
      options.development &&
      request.method === 'GET' &&
      url.pathname === '/dev/outbox' &&
      LOOPBACK.has(options.host) &&
      request.socket.remoteAddress !== undefined &&
      LOOPBACK.has(request.socket.remoteAddress)
    ) {
      const page = await options.deps.store.find<OutboxRecord>(COLLECTIONS.outbox, {
        where: {},
        orderBy: [{ field: 'createdAt', direction: 'desc' }],
        limit: DEV_OUTBOX_LIMIT,
      });
      send(response, 200, { ok: true, data: { items: page.items } });
      return;
    }
    if (options.deskRoot && request.method === 'GET' && (url.pathname === '/desk' || url.pathname.startsWith(DESK_PREFIX))) {
      if (url.pathname === '/desk') {
        response.writeHead(301, { Location: DESK_PREFIX });
        response.end();
        return;
      }
      const file = deskFile(options.deskRoot, url.pathname);
      response.setHeader('Cache-Control', file.cacheControl);
      response.setHeader('X-Content-Type-Options', 'nosniff');
      send(response, file.status, file.body, file.contentType);
      return;
    }
    // The desk's demo-identity picker: who holds a post here. Loopback and development only,
    // like the X-Dev-Openid header it is for.
    if (
      options.development &&
      request.method === 'GET' &&
      url.pathname === '/dev/desk-identities' &&
      LOOPBACK.has(options.host) &&
      request.socket.remoteAddress !== undefined &&
      LOOPBACK.has(request.socket.remoteAddress)
    ) {
      send(response, 200, { ok: true, data: { items: await demoIdentities(options.deps) } });
      return;
    }
    const route = /^\/functions\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
    if (!route) {
      send(response, 404, failure('NOT_FOUND', '没有这个地址'));
      return;
    }
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST');
      send(response, 405, failure('BAD_REQUEST', '请用 POST 调用云函数'));
      return;
    }
    const main = functions.get(route[1]);
    if (!main) {
      send(response, 404, failure('NOT_FOUND', `没有云函数 ${route[1]}`));
      return;
    }
    const body = await readBody(request);
    if (body === 'too-large') {
      send(response, 413, failure('BAD_REQUEST', '请求内容过大'));
      return;
    }
    let event: unknown;
    try {
      event = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch {
      send(response, 400, failure('BAD_REQUEST', '请求内容不是合法的 JSON'));
      return;
    }
    const result = await main(event, { headers: request.headers, remoteAddress: request.socket.remoteAddress });
    // Like callFunction, the transport succeeds and the result says whether the action did.
    send(response, 200, result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
