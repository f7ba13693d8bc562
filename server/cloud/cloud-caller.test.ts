import { createVerify, generateKeyPairSync } from 'node:crypto';
import { cloudEnvSchema, parseEnv } from '../config/env';
import { createCloudbaseApp } from '../store/cloudbase/cloudbase-document-store';
import { fakeCloudbaseApp } from '../../test/fake-cloudbase/fake-cloudbase-app';
import { type Harness, createHarness, seedTree } from '../../test/support/harness';
import { signInDesk } from '../../test/support/desk';
import { callerFromCloudbaseContext, cloudRequestFacts, resolveCloudCaller } from './cloud-caller';
import { createCustomLoginTickets } from './custom-login-tickets';

const KEYS = ['WX_CONTEXT_KEYS', 'WX_OPENID', 'WX_APPID', 'TCB_CONTEXT_KEYS', 'TCB_CUSTOM_USER_ID', 'TCB_SOURCE_IP'];
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

describe('a desk calling the api function after its custom-login sign-in', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness('cloudbase');
  });
  afterEach(() => h.close());

  /** What SCF sets for a js-sdk call signed in with a custom-login ticket: no OPENID, the custom user id. */
  function signedInWebCall(customUserId: string): void {
    delete process.env.WX_CONTEXT_KEYS;
    delete process.env.WX_OPENID;
    process.env.TCB_CONTEXT_KEYS = 'TCB_CUSTOM_USER_ID,TCB_SOURCE_IP';
    process.env.TCB_CUSTOM_USER_ID = customUserId;
    process.env.TCB_SOURCE_IP = '203.0.113.7';
  }

  it('is the official of the live session the custom user id names, read through the real SDK', async () => {
    const tree = await seedTree(h);
    const { sessionId } = await signInDesk(h, tree.people.cityAdmin);
    const auth = fakeCloudbaseApp(h.fake ?? { url: '' }).auth();
    signedInWebCall(sessionId);
    expect(auth.getUserInfo().customUserId).toBe(sessionId);
    expect(await resolveCloudCaller(auth, undefined, h.deps)).toEqual({
      kind: 'desk',
      openid: tree.people.cityAdmin,
      sessionId,
    });
    expect(cloudRequestFacts(auth, undefined)).toEqual({ clientAddress: '203.0.113.7' });

    await h.ok(tree.people.cityAdmin, 'desk.endSession', { sessionId });
    expect(await resolveCloudCaller(auth, undefined, h.deps)).toBeNull();
    signedInWebCall('ds_nothinghere');
    expect(await resolveCloudCaller(auth, undefined, h.deps)).toBeNull();
  });

  it('is the WeChat user when the platform gives an OPENID', async () => {
    const auth = fakeCloudbaseApp(h.fake ?? { url: '' }).auth();
    process.env.WX_CONTEXT_KEYS = 'WX_OPENID';
    process.env.WX_OPENID = 'oAbCdEfGhIjKlMnOpQrStUvWxYz0';
    expect(await resolveCloudCaller(auth, undefined, h.deps)).toEqual({ kind: 'wechat', openid: 'oAbCdEfGhIjKlMnOpQrStUvWxYz0' });
  });
});

describe('DESK_LOGIN_PRIVATE_KEY', () => {
  const base = { PII_MASTER_KEY: Buffer.alloc(32, 3).toString('base64') };
  const key = {
    private_key_id: 'key-0001',
    private_key: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----',
    env_id: 'env-1',
  };

  it('is the key file’s JSON, or unset', () => {
    expect(parseEnv(cloudEnvSchema, { ...base, DESK_LOGIN_PRIVATE_KEY: JSON.stringify(key) }).DESK_LOGIN_PRIVATE_KEY).toEqual(
      key,
    );
    expect(parseEnv(cloudEnvSchema, { ...base, DESK_LOGIN_PRIVATE_KEY: '' }).DESK_LOGIN_PRIVATE_KEY).toBeUndefined();
    expect(parseEnv(cloudEnvSchema, base).DESK_LOGIN_PRIVATE_KEY).toBeUndefined();
  });

  it('names what is wrong with a bad one', () => {
    expect(() => parseEnv(cloudEnvSchema, { ...base, DESK_LOGIN_PRIVATE_KEY: '{' })).toThrow(/must be the JSON of the key file/);
    expect(() =>
      parseEnv(cloudEnvSchema, { ...base, DESK_LOGIN_PRIVATE_KEY: JSON.stringify({ ...key, env_id: undefined }) }),
    ).toThrow(/DESK_LOGIN_PRIVATE_KEY\.env_id/);
    expect(() =>
      parseEnv(cloudEnvSchema, { ...base, DESK_LOGIN_PRIVATE_KEY: JSON.stringify({ ...key, private_key: 'secret' }) }),
    ).toThrow(/PEM private key/);
  });
});

describe('the custom-login ticket', () => {
  it('is signed with the private key for the session id, and lasts no longer than the session', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const app = createCloudbaseApp({
      env: 'fake-env',
      serviceUrl: 'http://127.0.0.1:9',
      secretId: 'fake-id',
      secretKey: 'fake-key',
      credentials: {
        private_key_id: 'key-0001',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        env_id: 'fake-env',
      },
    });
    const tickets = createCustomLoginTickets(app);
    expect(tickets.enabled).toBe(true);
    const ticket = await tickets.issue('ds_abcdefghijkl', '2026-11-25T12:00:00.000Z');
    const [keyId, jwt] = ticket.split('/@@/');
    expect(keyId).toBe('key-0001');
    const [header, payload, signature] = (jwt ?? '').split('.');
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${header}.${payload}`);
    expect(verifier.verify(publicKey, Buffer.from(signature ?? '', 'base64url'))).toBe(true);
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toMatchObject({
      uid: 'ds_abcdefghijkl',
      env: 'fake-env',
      expire: Date.parse('2026-11-25T12:00:00.000Z'),
    });
  });

  it('cannot be issued without a key: desk sign-in is off', async () => {
    const tickets = createCustomLoginTickets(null);
    expect(tickets.enabled).toBe(false);
    await expect(tickets.issue('ds_abcdefghijkl', '2026-11-25T12:00:00.000Z')).rejects.toThrow(/DESK_LOGIN_PRIVATE_KEY/);
  });
});
