import { orgView } from '../../../test/setup/fixtures';
import { fail, ok, wxFake } from '../../../test/setup/wx-fake';
import { createCaller, fromTransportError, toCallResult } from '../call-action';

const fake = wxFake();
const cloud = createCaller({ transport: 'cloud', envId: 'env-test' });
const http = createCaller({ transport: 'http', baseUrl: 'http://127.0.0.1:3000', devOpenid: 'dev_member_new' });

beforeEach(() => fake.reset());

describe('toCallResult', () => {
  it('passes a success envelope through', () => {
    expect(toCallResult({ ok: true, data: { a: 1 } })).toEqual({ ok: true, data: { a: 1 } });
  });

  it('keeps code, message and field of a failure envelope', () => {
    expect(toCallResult({ ok: false, error: { code: 'BAD_REQUEST', message: '请输入 11 位手机号', field: 'phone' } })).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: '请输入 11 位手机号', field: 'phone' },
    });
  });

  it('turns an unknown code into INTERNAL', () => {
    expect(toCallResult({ ok: false, error: { code: 'SOMETHING_NEW', message: 'x' } })).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'x' },
    });
  });

  it.each([undefined, null, 'a string', [], { ok: true }, { ok: false }, { ok: false, error: 'x' }, { data: 1 }])(
    'turns the malformed result %p into INTERNAL',
    (value) => {
      const result = toCallResult(value);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('INTERNAL');
    },
  );
});

describe('fromTransportError', () => {
  it.each([
    [{ errMsg: 'cloud.callFunction:fail request:fail timeout' }, 'NETWORK'],
    [{ errMsg: 'request:fail -101:net::ERR_CONNECTION_REFUSED' }, 'NETWORK'],
    [{ errMsg: 'cloud.callFunction:fail Error: errCode: -504002 functions execute fail' }, 'INTERNAL'],
    [new Error('boom'), 'INTERNAL'],
  ])('maps %p to %s', (error, code) => {
    expect(fromTransportError(error).error.code).toBe(code);
  });
});

describe('cloud transport', () => {
  it('calls the api function with action and input and narrows the result', async () => {
    fake.respond('org.get', ok({ ...orgView({ orgId: 'o_1' }), version: 1, createdAt: '2026-01-01T00:00:00.000Z' }));
    const result = await cloud('org.get', { orgId: 'o_1' });
    expect(result).toEqual({
      ok: true,
      data: { ...orgView({ orgId: 'o_1' }), version: 1, createdAt: '2026-01-01T00:00:00.000Z' },
    });
    expect(fake.calls).toEqual([{ action: 'org.get', input: { orgId: 'o_1' }, transport: 'cloud' }]);
  });

  it('passes a failure result through', async () => {
    fake.respond('checkin.withdraw', fail('CHECKIN_NOT_PENDING', '这条报到申请已经处理完毕'));
    expect(await cloud('checkin.withdraw', { checkinId: 'c_1' })).toEqual({
      ok: false,
      error: { code: 'CHECKIN_NOT_PENDING', message: '这条报到申请已经处理完毕' },
    });
  });

  it('resolves a rejected callFunction as an error result, never a throw', async () => {
    fake.failTransport('session.me', 'cloud.callFunction:fail request:fail timeout');
    expect(await cloud('session.me', {})).toEqual({
      ok: false,
      error: { code: 'NETWORK', message: 'cloud.callFunction:fail request:fail timeout' },
    });
  });

  it('resolves a string result as INTERNAL', async () => {
    fake.respondRaw('session.me', 'not json');
    const result = await cloud('session.me', {});
    expect(!result.ok && result.error.code).toBe('INTERNAL');
  });
});

describe('http transport (local gateway)', () => {
  it('POSTs the event to /functions/api with the dev identity header', async () => {
    fake.respond('session.me', ok({ roles: [], member: null, consent: { currentVersion: 'v1', agreedVersion: null } }));
    const result = await http('session.me', {});
    expect(result.ok).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      url: 'http://127.0.0.1:3000/functions/api',
      method: 'POST',
      data: { action: 'session.me', input: {} },
      header: { 'X-Dev-Openid': 'dev_member_new' },
    });
  });

  it('reads the envelope from an error status too', async () => {
    fake.respondRaw('session.me', { ok: false, error: { code: 'BAD_REQUEST', message: '请求内容过大' } }, 413);
    expect(await http('session.me', {})).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: '请求内容过大' } });
  });

  it('turns a body that is not an envelope into INTERNAL', async () => {
    fake.respondRaw('session.me', '<html>502 Bad Gateway</html>', 502);
    const result = await http('session.me', {});
    expect(!result.ok && result.error.code).toBe('INTERNAL');
  });

  it('turns an unreachable gateway into NETWORK', async () => {
    fake.failTransport('session.me', 'request:fail -101:net::ERR_CONNECTION_REFUSED');
    const result = await http('session.me', {});
    expect(!result.ok && result.error.code).toBe('NETWORK');
  });
});
