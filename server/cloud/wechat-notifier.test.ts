import { parseEnv, sharedEnvSchema } from '../config/env';
import { createWechatNotifier, templateValue } from './wechat-notifier';

const TEMPLATES = {
  checkin_result: { id: 'tmpl_checkin_result_01', fields: { subject: 'thing1', detail: 'phrase2', time: 'time3' } },
};

function fakeSdk(reply: () => Promise<{ errCode: number; errMsg: string }>) {
  const calls: unknown[] = [];
  return {
    calls,
    load: () => ({
      init: () => undefined,
      DYNAMIC_CURRENT_ENV: 'current',
      openapi: {
        subscribeMessage: {
          send: (options: unknown) => {
            calls.push(options);
            return reply();
          },
        },
      },
    }),
  };
}

const message = {
  openid: 'o_member_1',
  topic: 'checkin_result' as const,
  fields: { subject: '靖江市驻苏州流动党员党支部（新桥社区）第一组', detail: '报到申请已通过', time: '2026-11-28T10:30:00.000Z' },
  page: 'pages/checkin/checkin',
};

describe('the WeChat notifier', () => {
  it('sends the template with each field under its key, shaped as the key wants it', async () => {
    const sdk = fakeSdk(async () => ({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' }));
    const notifier = createWechatNotifier(TEMPLATES, 'trial', sdk.load);
    expect(notifier.templates()).toEqual({ checkin_result: 'tmpl_checkin_result_01' });
    expect(await notifier.send(message)).toEqual({ ok: true });
    expect(sdk.calls).toEqual([
      {
        touser: 'o_member_1',
        templateId: 'tmpl_checkin_result_01',
        page: 'pages/checkin/checkin',
        data: {
          thing1: { value: '靖江市驻苏州流动党员党支部（新桥社区）…' },
          phrase2: { value: '报到申请…' },
          time3: { value: '2026年11月28日 18:30' },
        },
        miniprogramState: 'trial',
        lang: 'zh_CN',
      },
    ]);
  });

  it('tells a permanent refusal from a passing error, whether answered or thrown', async () => {
    const refuse = fakeSdk(async () => ({ errCode: 43101, errMsg: 'user refuse to accept the msg' }));
    expect(await createWechatNotifier(TEMPLATES, 'formal', refuse.load).send(message)).toEqual({
      ok: false,
      permanent: true,
      error: '43101 user refuse to accept the msg',
    });
    const busy = fakeSdk(() => Promise.reject(Object.assign(new Error('errCode: -1 system error'), { errCode: -1 })));
    expect(await createWechatNotifier(TEMPLATES, 'formal', busy.load).send(message)).toMatchObject({
      ok: false,
      permanent: false,
    });
    const thrownRefusal = fakeSdk(() => Promise.reject(new Error('cloud.openapi:fail errCode: 47003 argument invalid')));
    expect(await createWechatNotifier(TEMPLATES, 'formal', thrownRefusal.load).send(message)).toMatchObject({
      ok: false,
      permanent: true,
    });
    // A topic the environment has no template for is never tried.
    const none = fakeSdk(async () => ({ errCode: 0, errMsg: 'ok' }));
    expect(await createWechatNotifier({}, 'formal', none.load).send(message)).toMatchObject({ ok: false, permanent: true });
    expect(none.calls).toEqual([]);
  });

  it('writes dates and times the way the keys want them', () => {
    expect(templateValue('date4', '2026-12-02')).toBe('2026年12月2日');
    expect(templateValue('time4', '2026-12-01T16:30:00.000Z')).toBe('2026年12月2日 00:30');
    expect(templateValue('thing1', '短')).toBe('短');
  });
});

describe('SUBSCRIBE_TEMPLATES', () => {
  const key = Buffer.alloc(32, 1).toString('base64');
  it('is JSON, topic → template id and the key of each field', () => {
    const env = parseEnv(sharedEnvSchema, { PII_MASTER_KEY: key, SUBSCRIBE_TEMPLATES: JSON.stringify(TEMPLATES) });
    expect(env.SUBSCRIBE_TEMPLATES).toEqual(TEMPLATES);
    expect(parseEnv(sharedEnvSchema, { PII_MASTER_KEY: key }).SUBSCRIBE_TEMPLATES).toEqual({});
  });
  it('names what is wrong', () => {
    expect(() => parseEnv(sharedEnvSchema, { PII_MASTER_KEY: key, SUBSCRIBE_TEMPLATES: '{' })).toThrow(/must be JSON/);
    expect(() =>
      parseEnv(sharedEnvSchema, {
        PII_MASTER_KEY: key,
        SUBSCRIBE_TEMPLATES: JSON.stringify({
          checkin_result: { id: 'x', fields: { subject: 'thing1', detail: 'thing2', time: 'time3' } },
        }),
      }),
    ).toThrow(/SUBSCRIBE_TEMPLATES\.checkin_result\.id/);
    expect(() =>
      parseEnv(sharedEnvSchema, {
        PII_MASTER_KEY: key,
        SUBSCRIBE_TEMPLATES: JSON.stringify({ no_such_topic: TEMPLATES.checkin_result }),
      }),
    ).toThrow(/SUBSCRIBE_TEMPLATES/);
  });
});
