/**
 * The desk's api client (web/src/api) over HTTP against the real gateway: the QR sign-in's ticket
 * as `Authorization: Bearer`, the credential kept between page loads, a session ended under the
 * desk, a network that is down, and the words a person reads for each refusal.
 */
import { type RunningGateway, startGateway } from '../../server/dev/gateway';
import { createLocalDeskTickets } from '../../server/services/desk-sessions';
import { browserCredentialStore, createDeskApi, deskMessage } from '../../web/src/api/desk-api';
import { localTransport } from '../../web/src/api/transport';
import { type Harness, SYSTEM_ADMIN, TEST_MASTER_KEY, createHarness, seedTree } from '../support/harness';

/** `Storage` as a page has it, in memory. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

let h: Harness;
let gateway: RunningGateway;

beforeAll(async () => {
  h = await createHarness();
  await seedTree(h);
  // Production mode: the ticket is the only way in, as in the cloud.
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

/** The page's fetch: the gateway is the page's own origin. */
const sameOrigin: typeof fetch = (input, init) => fetch(`${gateway.url}${String(input)}`, init);

function deskApi(storage = memoryStorage()) {
  return { api: createDeskApi(localTransport(sameOrigin), browserCredentialStore(storage)), storage };
}

/** The whole QR sign-in as the desk makes it, the phone's answer sent as the system admin. */
async function signedIn(storage = memoryStorage()) {
  const { api } = deskApi(storage);
  const started = await api.call('desk.loginStart', { device: 'Chrome 131 · Windows' });
  if (!started.ok) throw new Error(started.error.code);
  await h.ok(SYSTEM_ADMIN, 'desk.loginDescribe', { scene: started.data.scene });
  await h.ok(SYSTEM_ADMIN, 'desk.loginConfirm', { loginId: started.data.loginId, decision: 'confirm' });
  const polled = await api.call('desk.loginPoll', { loginId: started.data.loginId, pollToken: started.data.pollToken });
  if (!polled.ok || polled.data.status !== 'confirmed') throw new Error('not confirmed');
  await api.signIn({ kind: 'ticket', ticket: polled.data.ticket, officialName: polled.data.officialName });
  return { api, storage };
}

describe('the desk api client', () => {
  it('calls as nobody before the sign-in, and as the official with the ticket after it', async () => {
    const { api } = deskApi();
    const before = await api.call('session.me', {});
    expect(before.ok || before.error.code).toBe('UNAUTHENTICATED');
    const { api: official } = await signedIn();
    const me = await official.call('session.me', {});
    expect(me.ok && me.data.roles.map((role) => role.role)).toEqual(['system_admin']);
  });

  it('keeps the credential for the next page load, and forgets it on sign-out', async () => {
    const { storage } = await signedIn();
    const reloaded = deskApi(storage).api;
    expect(reloaded.credential()).toMatchObject({ kind: 'ticket', officialName: expect.any(String) });
    expect((await reloaded.call('session.me', {})).ok).toBe(true);
    expect((await reloaded.call('desk.signOut', {})).ok).toBe(true);
    await reloaded.forget();
    expect(deskApi(storage).api.credential()).toBeNull();
  });

  it('tells the shell once a session ends under it (ended from the phone), in words for the desk', async () => {
    const { api } = await signedIn();
    const lost = jest.fn();
    api.onSessionLost(lost);
    const sessions = await h.ok(SYSTEM_ADMIN, 'desk.sessions', {});
    for (const session of sessions.items) await h.ok(SYSTEM_ADMIN, 'desk.endSession', { sessionId: session.sessionId });
    const after = await api.call('org.list', {});
    expect(after.ok).toBe(false);
    if (after.ok) return;
    expect(after.error.code).toBe('UNAUTHENTICATED');
    expect(lost).toHaveBeenCalledTimes(1);
    expect(deskMessage(after.error)).toContain('重新扫码登录');
  });

  it('shows a refusal the server words as it is, and its own words for the rest', async () => {
    const { api } = await signedIn();
    const missing = await api.call('org.get', { orgId: 'o_nothing' });
    expect(!missing.ok && deskMessage(missing.error)).toBe('没有找到相关记录：可能已被删除，或不在您能查看的范围内');
    const refused = await api.call('org.create', {
      parentId: null,
      name: '新',
      kind: 'committee',
      region: { province: '江苏省', city: '苏州市', district: '姑苏区' },
    });
    expect(!refused.ok && [refused.error.code, refused.error.field, refused.error.worded]).toEqual(['BAD_REQUEST', 'name', true]);
    expect(!refused.ok && deskMessage(refused.error)).toBe(!refused.ok && refused.error.message);
  });

  it('answers NETWORK, never a throw, when the gateway cannot be reached', async () => {
    const api = createDeskApi(
      localTransport((input, init) => fetch(`http://127.0.0.1:1${String(input)}`, init)),
      browserCredentialStore(memoryStorage()),
    );
    const result = await api.call('session.me', {});
    expect(!result.ok && [result.error.code, deskMessage(result.error)]).toEqual(['NETWORK', '连不上服务器，请检查网络后重试']);
  });
});
