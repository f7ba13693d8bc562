import { callerFromCloudbaseContext } from './cloud-caller';

const KEYS = ['WX_CONTEXT_KEYS', 'WX_OPENID', 'WX_APPID'];
let saved: Record<string, string | undefined>;

beforeEach(() => {
  saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]));
});
afterEach(() => {
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('the caller in a CloudBase function', () => {
  it('is the WX_OPENID the platform lists in WX_CONTEXT_KEYS', () => {
    process.env.WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID';
    process.env.WX_OPENID = 'oAbCdEfGhIjKlMnOpQrStUvWxYz0';
    process.env.WX_APPID = 'wx0123456789abcdef';
    expect(callerFromCloudbaseContext(undefined)).toEqual({ kind: 'wechat', openid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0' });
  });

  it('is nobody for a timer trigger, which carries no OPENID', () => {
    process.env.WX_CONTEXT_KEYS = 'WX_APPID';
    delete process.env.WX_OPENID;
    expect(callerFromCloudbaseContext(undefined)).toBeNull();
  });
});
