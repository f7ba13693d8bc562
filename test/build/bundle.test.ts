/**
 * The deployed `api` function as it ships: the esbuild bundle, required in a fresh Node process
 * from a folder with no node_modules anywhere above it (so nothing but the bundle and Node's
 * builtins can load), called the way SCF calls it, `main(event, context)`.
 *
 * The last tests point the real @cloudbase/node-sdk inside the bundle at the fake CloudBase
 * server through TCB_CONTEXT_CNFG, the variable SCF itself uses to inject the API URL, so the
 * function runs end to end without any test-only code path in the entry.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import {
  BuildCheckError,
  FUNCTIONS,
  ROOT,
  bundleFunction,
  checkFunctionList,
  checkTriggers,
  forbiddenInputs,
  readCloudbaseRc,
} from '../../scripts/build';
import type { DeskLoginRecord, DeskSessionRecord } from '../../server/services/records';
import { CloudbaseDocumentStore } from '../../server/store/cloudbase/cloudbase-document-store';
import { COLLECTIONS } from '../../server/store/indexes';
import { fakeCloudbaseApp } from '../fake-cloudbase/fake-cloudbase-app';
import { type FakeCloudbase, startFakeCloudbase } from '../fake-cloudbase/fake-cloudbase-server';
import { useDeployedBundle } from './deployed-bundle';

jest.setTimeout(120_000);

interface Envelope {
  ok: boolean;
  data?: Record<string, unknown>;
  error?: { code: string; message: string; field?: string };
}

/** What SCF passes as the second argument (identity is not in it; CLOUDBASE.md §1). */
const SCF_CONTEXT = {
  request_id: 'test-request-1',
  memory_limit_in_mb: 256,
  time_limit_in_ms: 20_000,
  function_name: 'api',
  function_version: '$LATEST',
  namespace: 'fake-env',
  environment: '{}',
};

const bundle = useDeployedBundle('api');
const callBundle = (events: unknown[], env: Record<string, string>) => bundle.call<Envelope>(events, SCF_CONTEXT, env);

describe('the api bundle', () => {
  it('holds no local-only code (SQLite adapter, dev gateway, better-sqlite3, qrcode)', () => {
    const inputs = Object.keys(bundle.report.metafile.inputs);
    expect(inputs).toContain('server/store/cloudbase/cloudbase-document-store.ts');
    expect(inputs).toContain('cloudfunctions/api/index.ts');
    expect(forbiddenInputs(bundle.report.metafile)).toEqual([]);
    expect(inputs.filter((input) => /server\/dev\/|server\/store\/sqlite\/|better-sqlite3|qrcode/.test(input))).toEqual([]);
  });

  it('leaves only wx-server-sdk to the cloud, required lazily', () => {
    expect(bundle.report.externalImports).toEqual(['wx-server-sdk']);
    const code = readFileSync(bundle.bundlePath, 'utf8');
    expect(code).toContain('require("wx-server-sdk")');
    expect(bundle.report.bytes).toBe(Buffer.byteLength(code));
    expect(bundle.report.mapBytes).toBeGreaterThan(0);
  });

  it('loads with nothing installed, exporting main', async () => {
    // wx-server-sdk is not installed here: loading proves it is not required at start.
    const result = await callBundle([], {});
    expect(result.mainType).toBe('function');
    expect(result.exports).toContain('main');
  });

  it('answers a malformed event without building anything, and INTERNAL when the environment is bad', async () => {
    const { results, stderr } = await callBundle([{}, { action: 'nope' }], {});
    expect(results[0]).toEqual({ ok: false, error: { code: 'BAD_REQUEST', message: expect.any(String), field: 'action' } });
    // main builds its dependencies before routing; without PII_MASTER_KEY that fails, and the
    // caller learns nothing about why.
    expect(results[1]).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.any(String) } });
    expect(stderr).toContain('PII_MASTER_KEY');
  });

  describe('through the real node-sdk against the fake CloudBase', () => {
    let fake: FakeCloudbase;
    const openid = 'oBundleTestCaller01';

    function cloudEnv(identity: Record<string, string>): Record<string, string> {
      return {
        // As cloudbaserc.json sets them.
        PII_MASTER_KEY: randomBytes(32).toString('base64'),
        SYSTEM_ADMIN_OPENIDS: openid,
        WXACODE_ENV_VERSION: 'trial',
        // As SCF injects them: the environment (CLOUDBASE_ENV stays unset, as deployed), the API
        // URL, credentials, and the caller through WX_CONTEXT_KEYS.
        SCF_NAMESPACE: 'fake-env',
        TCB_ENV: 'fake-env',
        TCB_CONTEXT_CNFG: JSON.stringify({ URL: fake.url }),
        TENCENTCLOUD_SECRETID: 'fake-secret-id',
        TENCENTCLOUD_SECRETKEY: 'fake-secret-key',
        // Skips node-sdk's probe of metadata.tencentyun.com (CLOUDBASE.md, fake-cloudbase-app.ts).
        TENCENTCLOUD: 'true',
        ...identity,
      };
    }

    beforeEach(async () => {
      fake = await startFakeCloudbase();
    });

    afterEach(async () => {
      await fake.close();
    });

    it('answers session.me for the caller in WX_OPENID, with the admin bootstrap written through the SDK', async () => {
      const { results, stderr } = await callBundle(
        [
          { action: 'session.me', input: {} },
          { action: 'nope', input: {} },
        ],
        cloudEnv({ WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_OPENID: openid, WX_APPID: 'wxBundleTestApp' }),
      );
      // (not toBe(''): node-sdk may warn about a slow request on a loaded machine)
      expect(stderr).not.toMatch(/Startup failed|Action \S+ failed/);
      const [me, unknown] = results;
      expect(me.ok).toBe(true);
      expect(me.data).toMatchObject({ member: null, consent: { agreedVersion: null } });
      expect(me.data?.roles).toEqual([expect.objectContaining({ role: 'system_admin' })]);
      expect(unknown).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNKNOWN_ACTION' }) });

      expect(fake.requests.length).toBeGreaterThan(0);
      for (const request of fake.requests) {
        expect(request.action).toMatch(/^database\./);
        expect(request.body.envName).toBe('fake-env');
      }
      expect(fake.requests.map((request) => request.action)).toContain('database.insertDocument');
    });

    describe('for a desk signed in with a custom-login ticket', () => {
      const now = new Date().toISOString();
      const later = new Date(Date.now() + 3_600_000).toISOString();
      const session: DeskSessionRecord = {
        openid,
        officialName: '系统管理员',
        loginId: 'dl_bundletest01',
        device: 'Chrome 120 · Windows 10',
        address: '203.0.113.7',
        signedInAt: now,
        lastSeenAt: now,
        endsAt: later,
        endedAt: null,
        endReason: null,
      };
      const pollToken = 'P'.repeat(43);
      const login: DeskLoginRecord = {
        pollTokenHash: createHash('sha256').update(pollToken).digest('hex'),
        device: session.device,
        address: session.address,
        status: 'confirmed',
        requestedAt: now,
        expiresAt: later,
        answeredBy: openid,
        answeredAt: now,
        sessionId: 'ds_bundletest01',
      };

      async function seed(): Promise<void> {
        const store = new CloudbaseDocumentStore(fakeCloudbaseApp(fake));
        await store.insert<DeskSessionRecord>(COLLECTIONS.deskSessions, { _id: 'ds_bundletest01', ...session });
        await store.insert<DeskLoginRecord>(COLLECTIONS.deskLogins, { _id: 'dl_bundletest01', ...login });
        await store.close();
      }

      it('knows the caller from the custom user id: the official of the live session', async () => {
        await seed();
        const { results } = await callBundle(
          [
            { action: 'session.me', input: {} },
            { action: 'desk.sessions', input: {} },
          ],
          cloudEnv({ TCB_CONTEXT_KEYS: 'TCB_CUSTOM_USER_ID', TCB_CUSTOM_USER_ID: 'ds_bundletest01' }),
        );
        expect(results[0]?.data?.roles).toEqual([expect.objectContaining({ role: 'system_admin' })]);
        expect(results[1]?.data).toEqual({ items: [expect.objectContaining({ sessionId: 'ds_bundletest01', current: true })] });
        const unknown = await callBundle(
          [{ action: 'session.me', input: {} }],
          cloudEnv({ TCB_CONTEXT_KEYS: 'TCB_CUSTOM_USER_ID', TCB_CUSTOM_USER_ID: 'ds_nosuchsession' }),
        );
        expect(unknown.results[0]).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
      });

      it('issues the ticket with the key from DESK_LOGIN_PRIVATE_KEY, and answers DESK_LOGIN_OFF without one', async () => {
        await seed();
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        const key = {
          private_key_id: 'key-bundle-01',
          private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
          env_id: 'fake-env',
        };
        const poll = { action: 'desk.loginPoll', input: { loginId: 'dl_bundletest01', pollToken } };
        const { results } = await callBundle([poll], cloudEnv({ DESK_LOGIN_PRIVATE_KEY: JSON.stringify(key) }));
        expect(results[0]).toMatchObject({ ok: true, data: { status: 'confirmed', sessionId: 'ds_bundletest01' } });
        const ticket = String(results[0]?.data?.ticket);
        expect(ticket.startsWith('key-bundle-01/@@/')).toBe(true);
        const payload = JSON.parse(Buffer.from(ticket.split('.')[1] ?? '', 'base64url').toString()) as { uid: string };
        expect(payload.uid).toBe('ds_bundletest01');
        const off = await callBundle([{ action: 'desk.loginStart', input: { device: 'Chrome' } }], cloudEnv({}));
        expect(off.results[0]).toEqual({ ok: false, error: expect.objectContaining({ code: 'DESK_LOGIN_OFF' }) });
      });
    });

    it('takes no identity from the event: without WX_OPENID the caller is unauthenticated', async () => {
      const { results } = await callBundle(
        [{ action: 'session.me', input: {}, openid }],
        cloudEnv({ WX_CONTEXT_KEYS: 'WX_APPID', WX_APPID: 'wxBundleTestApp' }),
      );
      expect(results[0]).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
    });
  });
});

describe('the build checks', () => {
  it('reject local-only inputs wherever they sit', () => {
    const metafile: Metafile = {
      inputs: Object.fromEntries(
        [
          'server/dev/gateway.ts',
          'server/store/sqlite/sqlite-document-store.ts',
          'node_modules/better-sqlite3/lib/database.js',
          'node_modules/some-package/node_modules/qrcode/lib/index.js',
          'server/store/cloudbase/cloudbase-document-store.ts',
        ].map((input) => [input, { bytes: 1, imports: [] }]),
      ),
      outputs: {},
    };
    expect(forbiddenInputs(metafile)).toHaveLength(4);
  });

  it('fail the build when a bundle would pull in the SQLite adapter', async () => {
    const outfile = path.join(bundle.workDir, 'forbidden', 'index.js');
    const spec = {
      name: 'api',
      entry: 'server/store/sqlite/sqlite-document-store.ts',
      external: ['wx-server-sdk', 'better-sqlite3'],
    };
    await expect(bundleFunction(spec, { outfile, sourcemap: false })).rejects.toThrow(BuildCheckError);
    await expect(bundleFunction(spec, { outfile, sourcemap: false })).rejects.toThrow(/SQLite adapter/);
  });

  it('builds exactly the functions cloudbaserc.json deploys', () => {
    expect(() => checkFunctionList()).not.toThrow();
    expect(FUNCTIONS.map((spec) => spec.name).sort()).toEqual(['api', 'jobs']);
  });

  it('hold every timer trigger to 7 cron fields, the same for the CLI and for DevTools', () => {
    for (const spec of FUNCTIONS) expect(() => checkTriggers(spec.name)).not.toThrow();
  });

  it('fail the build when installDependency does not match what the bundle leaves to the cloud', async () => {
    const outfile = path.join(bundle.workDir, 'install-mismatch', 'index.js');
    // jobs is deployed with installDependency true: a bundle that needs nothing would pay for an install on every deploy.
    const spec = { name: 'jobs', entry: 'cloudfunctions/jobs/index.ts', external: [] };
    await expect(bundleFunction(spec, { outfile, sourcemap: false })).rejects.toThrow(/installDependency true/);
  });
});

describe('the deploy files', () => {
  const readJson = (file: string): Record<string, unknown> =>
    JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

  it('cloudbaserc.json sets every field of api explicitly and commits no secret', () => {
    const rc = readJson('cloudbaserc.json');
    expect(rc).toMatchObject({ version: '2.0', functionRoot: './cloudfunctions' });
    expect(rc.envId).toMatch(/^\{\{env\.[A-Z_]+\}\}$/);
    const api = readCloudbaseRc().functions.find((config) => config.name === 'api');
    expect(api).toEqual({
      name: 'api',
      handler: 'index.main',
      runtime: expect.stringMatching(/^Nodejs\d+\.\d+$/),
      timeout: 60,
      memorySize: 512,
      installDependency: true,
      isWaitInstall: true,
      ignore: ['*.ts', '*.map', 'node_modules'],
      envVariables: {
        PII_MASTER_KEY: '{{env.PII_MASTER_KEY}}',
        SYSTEM_ADMIN_OPENIDS: '{{env.SYSTEM_ADMIN_OPENIDS}}',
        WXACODE_ENV_VERSION: '{{env.WXACODE_ENV_VERSION}}',
        SUBSCRIBE_TEMPLATES: '{{env.SUBSCRIBE_TEMPLATES}}',
        SUBSCRIBE_MINIPROGRAM_STATE: '{{env.SUBSCRIBE_MINIPROGRAM_STATE}}',
        DESK_LOGIN_PRIVATE_KEY: '{{env.DESK_LOGIN_PRIVATE_KEY}}',
      },
    });
  });

  it('cloudbaserc.json deploys jobs with a minute, 512 MB, wx-server-sdk installed, only the settings it needs, and a 7-field timer', () => {
    const jobs = readCloudbaseRc().functions.find((config) => config.name === 'jobs');
    expect(jobs).toEqual({
      name: 'jobs',
      handler: 'index.main',
      runtime: readCloudbaseRc().functions.find((config) => config.name === 'api')?.runtime,
      timeout: 60,
      memorySize: 512,
      installDependency: true,
      isWaitInstall: true,
      ignore: ['*.ts', '*.map', 'node_modules'],
      envVariables: {
        PII_MASTER_KEY: '{{env.PII_MASTER_KEY}}',
        SUBSCRIBE_TEMPLATES: '{{env.SUBSCRIBE_TEMPLATES}}',
        SUBSCRIBE_MINIPROGRAM_STATE: '{{env.SUBSCRIBE_MINIPROGRAM_STATE}}',
      },
      // The nightly jobs, and a tick a minute that only picks up requested work (an import).
      triggers: [
        { name: 'nightly', type: 'timer', config: '0 */10 0-6 * * * *' },
        { name: 'requests', type: 'timer', config: '0 * * * * * *' },
      ],
    });
    // DevTools uploads read the folder's config.json instead: the same trigger, so both deploys
    // agree, and the permission to send subscribe messages.
    expect(readJson('cloudfunctions/jobs/config.json')).toEqual({
      permissions: { openapi: ['subscribeMessage.send'] },
      triggers: jobs?.triggers,
    });
    expect(readJson('cloudfunctions/jobs/package.json')).toMatchObject({
      name: 'jobs',
      private: true,
      main: 'index.js',
      dependencies: { 'wx-server-sdk': '~4.0.2' },
    });
  });

  it('the api folder installs only wx-server-sdk and grants wxacode.getUnlimited', () => {
    expect(readJson('cloudfunctions/api/package.json')).toMatchObject({
      name: 'api',
      private: true,
      main: 'index.js',
      dependencies: { 'wx-server-sdk': '~4.0.2' },
    });
    expect(Object.keys(readJson('cloudfunctions/api/package.json').dependencies as object)).toEqual(['wx-server-sdk']);
    expect(readJson('cloudfunctions/api/config.json')).toEqual({ permissions: { openapi: ['wxacode.getUnlimited'] } });
  });
});
