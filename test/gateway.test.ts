import { request } from 'node:http';
import { startGateway, type RunningGateway } from '../server/dev/gateway';
import { enqueueNotification } from '../server/services/notifications';
import { createLocalDeskTickets } from '../server/services/desk-sessions';
import { type Harness, SYSTEM_ADMIN, TEST_MASTER_KEY, createHarness } from './support/harness';

let h: Harness;
let gateway: RunningGateway;

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

/** A raw request with a Host header of our choosing (fetch does not let a page set it either). */
function withHost(host: string, method: 'GET' | 'POST', path: string, body = ''): Promise<{ status: number; body: unknown }> {
  const target = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        path,
        method,
        headers: { Host: host, 'Content-Type': 'application/json', 'X-Dev-Openid': SYSTEM_ADMIN },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('in development mode', () => {
  beforeAll(async () => {
    h = await createHarness();
    gateway = await startGateway({
      deps: h.deps,
      development: true,
      host: '127.0.0.1',
      port: 0,
      deskTickets: createLocalDeskTickets(TEST_MASTER_KEY),
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await gateway.close();
    await h.close();
  });

  it('answers /health when ready', async () => {
    const response = await fetch(`${gateway.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, data: { status: 'ready' } });
  });

  it('never falls back to X-Dev-Openid when a desk ticket is sent and is not good', async () => {
    const result = await post('/functions/api', JSON.stringify({ action: 'session.me', input: {} }), {
      'X-Dev-Openid': SYSTEM_ADMIN,
      Authorization: 'Bearer ds_nothinghere.forged',
    });
    expect(result.body).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
  });

  it('runs an action as the X-Dev-Openid caller and returns the function result as the body', async () => {
    const result = await post('/functions/api', JSON.stringify({ action: 'session.me', input: {} }), {
      'X-Dev-Openid': SYSTEM_ADMIN,
    });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      ok: true,
      data: expect.objectContaining({
        roles: [{ role: 'system_admin', orgId: null, orgName: null, orgKind: null }],
        member: null,
      }),
    });
  });

  it('without the header the caller is unknown', async () => {
    const result = await post('/functions/api', JSON.stringify({ action: 'session.me' }));
    expect(result.body).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
  });

  it('answers bad input with the field and the code', async () => {
    const result = await post(
      '/functions/api',
      JSON.stringify({ action: 'checkin.submit', input: { orgId: 'b 1', via: 'scan' } }),
      {
        'X-Dev-Openid': SYSTEM_ADMIN,
      },
    );
    expect(result.body).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST', field: 'orgId' }) });
  });

  it('answers a tampered list cursor with BAD_REQUEST on cursor, not INTERNAL', async () => {
    for (const cursor of ['W251bGxd', 'garbage!!']) {
      const result = await post('/functions/api', JSON.stringify({ action: 'org.list', input: { cursor } }), {
        'X-Dev-Openid': SYSTEM_ADMIN,
      });
      expect(result).toEqual({
        status: 200,
        body: { ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String), field: 'cursor' } },
      });
    }
  });

  it('answers an unknown action, an unknown function, a wrong method and broken JSON clearly', async () => {
    expect(
      (await post('/functions/api', JSON.stringify({ action: 'member.delete' }), { 'X-Dev-Openid': SYSTEM_ADMIN })).body,
    ).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'UNKNOWN_ACTION', field: 'action' }),
    });
    const missing = await post('/functions/nope', '{}');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    const get = await fetch(`${gateway.url}/functions/api`);
    expect(get.status).toBe(405);
    const broken = await post('/functions/api', '{"action":');
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST' }) });
    const notAnEvent = await post('/functions/api', '[1,2]', { 'X-Dev-Openid': SYSTEM_ADMIN });
    expect(notAnEvent.body).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_REQUEST' }) });
  });

  it('finds functions among its own only: constructor and __proto__ are unknown functions', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const result = await post(`/functions/${name}`, JSON.stringify({ action: 'session.me', input: {} }), {
        'X-Dev-Openid': SYSTEM_ADMIN,
      });
      expect({ name, ...result }).toEqual({
        name,
        status: 404,
        body: { ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } },
      });
    }
  });

  it('accepts only a loopback Host header, so a rebound DNS name cannot reach it from a browser', async () => {
    const port = new URL(gateway.url).port;
    const event = JSON.stringify({ action: 'session.me', input: {} });
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost']) {
      const result = await withHost(host, 'POST', '/functions/api', event);
      expect({ host, status: result.status, ok: (result.body as { ok: boolean }).ok }).toEqual({ host, status: 200, ok: true });
    }
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `localhost.evil.example`]) {
      const result = await withHost(host, 'POST', '/functions/api', event);
      expect({ host, ...result }).toEqual({
        host,
        status: 403,
        body: { ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } },
      });
    }
    expect((await withHost('evil.example', 'GET', '/health')).status).toBe(403);
  });

  it('refuses a body above 100 KB, as CloudBase does', async () => {
    const result = await post('/functions/api', JSON.stringify({ action: 'session.me', input: { pad: 'x'.repeat(120 * 1024) } }));
    expect(result.status).toBe(413);
  });

  it('serves a scannable check-in code image for development', async () => {
    const response = await fetch(`${gateway.url}/dev/checkin-code/o_branch1.png`);
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await response.arrayBuffer());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('shows the outbox: what would have been sent, and to whom', async () => {
    await h.deps.store.transaction((tx) =>
      enqueueNotification(tx, {
        kind: 'checkin_decided',
        causeId: 'c_gateway_1',
        to: { kind: 'user', openid: 'o_member_gw1' },
        fields: { subject: '新桥社区第一党支部', detail: '报到申请已通过', time: '2026-11-25T02:00:00.000Z' },
        page: 'pages/checkin/checkin',
        at: '2026-11-25T02:00:00.000Z',
      }),
    );
    const response = await fetch(`${gateway.url}/dev/outbox`);
    expect(await response.json()).toEqual({
      ok: true,
      data: {
        items: [
          expect.objectContaining({
            kind: 'checkin_decided',
            topic: 'checkin_result',
            to: { kind: 'user', openid: 'o_member_gw1' },
            status: 'pending',
          }),
        ],
      },
    });
  });
});

describe('in production mode', () => {
  beforeAll(async () => {
    h = await createHarness();
    gateway = await startGateway({
      deps: h.deps,
      development: false,
      host: '127.0.0.1',
      port: 0,
      deskTickets: createLocalDeskTickets(TEST_MASTER_KEY),
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await gateway.close();
    await h.close();
  });

  it('ignores the development identity header', async () => {
    const result = await post('/functions/api', JSON.stringify({ action: 'session.me' }), { 'X-Dev-Openid': SYSTEM_ADMIN });
    expect(result.body).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
  });

  it("serves any Host header, since it trusts no identity header (behind a proxy the name is the site's)", async () => {
    const result = await withHost('liudong.example', 'POST', '/functions/api', JSON.stringify({ action: 'session.me' }));
    expect(result).toEqual({ status: 200, body: { ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) } });
  });

  it('has no development code image route and no outbox page', async () => {
    const response = await fetch(`${gateway.url}/dev/checkin-code/o_branch1.png`);
    expect(response.status).toBe(404);
    expect((await fetch(`${gateway.url}/dev/outbox`)).status).toBe(404);
  });

  describe('signing a desk in', () => {
    const api = (action: string, input: unknown, headers: Record<string, string> = {}) =>
      post('/functions/api', JSON.stringify({ action, input }), headers);

    async function signIn(): Promise<{ ticket: string; sessionId: string }> {
      const started = await api('desk.loginStart', { device: 'Chrome 120 · Windows 10' });
      const login = (started.body as { data: { loginId: string; pollToken: string; scene: string } }).data;
      // The phone's side goes through the mini-program's own transport, not the desk's.
      await h.ok(SYSTEM_ADMIN, 'desk.loginDescribe', { scene: login.scene });
      await h.ok(SYSTEM_ADMIN, 'desk.loginConfirm', { loginId: login.loginId, decision: 'confirm' });
      const polled = await api('desk.loginPoll', { loginId: login.loginId, pollToken: login.pollToken });
      return (polled.body as { data: { ticket: string; sessionId: string } }).data;
    }

    it('resolves Authorization: Bearer <ticket> to the official who confirmed, in production mode too', async () => {
      const { ticket, sessionId } = await signIn();
      const me = await api('session.me', {}, { Authorization: `Bearer ${ticket}` });
      expect(me.body).toEqual({
        ok: true,
        data: expect.objectContaining({ roles: [{ role: 'system_admin', orgId: null, orgName: null, orgKind: null }] }),
      });
      const sessions = await api('desk.sessions', {}, { Authorization: `Bearer ${ticket}` });
      expect(sessions.body).toEqual({
        ok: true,
        data: {
          items: [expect.objectContaining({ sessionId, device: 'Chrome 120 · Windows 10', address: '127.0.0.1', current: true })],
        },
      });
      expect((await api('desk.signOut', {}, { Authorization: `Bearer ${ticket}` })).body).toMatchObject({ ok: true });
      expect((await api('session.me', {}, { Authorization: `Bearer ${ticket}` })).body).toEqual(
        (await api('session.me', {})).body,
      );
    });

    it('answers a forged or malformed ticket exactly as no ticket', async () => {
      const { ticket } = await signIn();
      const none = (await api('session.me', {})).body;
      expect(none).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
      for (const authorization of [`Bearer ${ticket.slice(0, -2)}xx`, `Bearer ${ticket}.`, 'Basic abc', ticket]) {
        expect((await api('session.me', {}, { Authorization: authorization })).body).toEqual(none);
      }
    });
  });
});
