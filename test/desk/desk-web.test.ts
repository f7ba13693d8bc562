/**
 * The gateway serving the desk at /desk/ (server/dev/desk-web.ts): the built files with their
 * content types, the app for its own addresses, nothing outside the build folder; and the
 * development picker's list of who holds a post.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deskFile } from '../../server/dev/desk-web';
import { type RunningGateway, startGateway } from '../../server/dev/gateway';
import { createLocalDeskTickets } from '../../server/services/desk-sessions';
import { type Harness, TEST_MASTER_KEY, createHarness, seedTree } from '../support/harness';

let root: string;
let outside: string;

beforeAll(() => {
  const parent = mkdtempSync(path.join(tmpdir(), 'desk-web-'));
  root = path.join(parent, 'dist');
  outside = parent;
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(root, 'assets', 'app-1a2b.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'assets', 'app-1a2b.css'), 'body{}');
  writeFileSync(path.join(root, 'assets', 'data.bin'), 'binary');
  writeFileSync(path.join(root, '.secret'), 'hidden');
  writeFileSync(path.join(parent, 'package.json'), '{"outside":true}');
});
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('deskFile', () => {
  it('serves built files with their content type; hashed assets are cached for good, the page is not', () => {
    const js = deskFile(root, '/desk/assets/app-1a2b.js');
    expect([js.status, js.contentType, js.body.toString()]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log(1)']);
    expect(js.cacheControl).toContain('immutable');
    expect(deskFile(root, '/desk/assets/app-1a2b.css').contentType).toBe('text/css; charset=utf-8');
    const page = deskFile(root, '/desk/');
    expect([page.status, page.contentType, page.cacheControl]).toEqual([200, 'text/html; charset=utf-8', 'no-cache']);
  });

  it('answers the app for its own addresses, and 404 for a missing file', () => {
    for (const address of ['/desk/orgs', '/desk/orgs/o_123', '/desk/sign-in']) {
      expect(deskFile(root, address).body.toString()).toContain('<div id="root">');
    }
    expect(deskFile(root, '/desk/assets/missing.js').status).toBe(404);
    expect(deskFile(root, '/desk/favicon.ico').status).toBe(404);
  });

  it('never reads outside the build folder, a hidden file or a type it does not know', () => {
    for (const address of [
      '/desk/../package.json',
      '/desk/..%2fpackage.json',
      '/desk/%2e%2e/package.json',
      '/desk/assets/..%5c..%5cpackage.json',
      '/desk/.secret',
      '/desk/assets/%00.js',
      '/desk/%E0%A4%A',
      '/desk/assets/data.bin',
    ]) {
      const answer = deskFile(root, address);
      expect([address, answer.status]).toEqual([address, 404]);
      expect(answer.body.toString()).not.toContain('outside');
      expect(answer.body.toString()).not.toContain('hidden');
    }
  });

  it('says how to build the desk when there is no build', () => {
    const answer = deskFile(path.join(outside, 'nothing-here'), '/desk/');
    expect(answer.status).toBe(404);
    expect(answer.body.toString()).toContain('npm run build:web');
  });
});

describe('the gateway at /desk/', () => {
  let h: Harness;
  let gateway: RunningGateway;
  beforeAll(async () => {
    h = await createHarness();
    await seedTree(h);
    gateway = await startGateway({
      deps: h.deps,
      development: true,
      host: '127.0.0.1',
      port: 0,
      deskRoot: root,
      deskTickets: createLocalDeskTickets(TEST_MASTER_KEY),
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await gateway.close();
    await h.close();
  });

  /** A raw GET, so the path reaches the server as written (fetch would normalize `..`). */
  function get(rawPath: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
    const target = new URL(gateway.url);
    return new Promise((resolve, reject) => {
      const outgoing = request({ host: target.hostname, port: target.port, path: rawPath, method: 'GET' }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }),
        );
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
  }

  it('redirects /desk to /desk/ and serves the app and its assets with the right headers', async () => {
    const bare = await get('/desk');
    expect([bare.status, bare.headers.location]).toEqual([301, '/desk/']);
    const page = await get('/desk/orgs/o_1');
    expect([page.status, page.headers['content-type'], page.headers['x-content-type-options']]).toEqual([
      200,
      'text/html; charset=utf-8',
      'nosniff',
    ]);
    expect((await get('/desk/assets/app-1a2b.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('does not answer a path that climbs out of the build folder', async () => {
    for (const address of ['/desk/../package.json', '/desk/..%2f..%2fpackage.json', '/desk/%2e%2e/%2e%2e/package.json']) {
      const answer = await get(address);
      expect(answer.body).not.toContain('outside');
      expect(answer.status).toBe(404);
    }
  });

  it('lists who holds a post for the development picker, with their organizations', async () => {
    const answer = await get('/dev/desk-identities');
    const items = (JSON.parse(answer.body) as { data: { items: { openid: string; holderName: string; roles: unknown[] }[] } })
      .data.items;
    expect(items.find((item) => item.openid === 'test_city_admin')).toEqual({
      openid: 'test_city_admin',
      holderName: '周建华',
      roles: [{ role: 'org_admin', orgName: expect.any(String) }],
    });
  });
});

describe('the gateway in production mode', () => {
  let h: Harness;
  let gateway: RunningGateway;
  beforeAll(async () => {
    h = await createHarness();
    gateway = await startGateway({
      deps: h.deps,
      development: false,
      host: '127.0.0.1',
      port: 0,
      deskRoot: root,
      deskTickets: createLocalDeskTickets(TEST_MASTER_KEY),
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await gateway.close();
    await h.close();
  });

  it('serves the desk but offers no demo identities', async () => {
    expect((await fetch(`${gateway.url}/desk/`)).status).toBe(200);
    expect((await fetch(`${gateway.url}/dev/desk-identities`)).status).toBe(404);
  });
});
