// `npm start`'s server on a fresh temporary data folder and a free loopback port, in its own
// process group (tsx runs a child), for the screens (run.js) and the desk's browser test
// (tools/desk/run.js). The desk is served from web/dist/ as it is: build it first.
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');

class CouldNotStart extends Error {}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/** Resolves to `{ url, stop }` once /health answers; the log goes to `logFile`. */
async function startDemoGateway({ logFile }) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'screens-data-'));
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, ['server/dev/start.ts'], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, APP_ENV: 'development', DEMO_DATA: 'true' },
  });
  fs.closeSync(log);
  let exited = false;
  child.on('exit', () => (exited = true));
  const stop = () => {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch (_) {
        /* already gone */
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 240 && !exited; i += 1) {
    if (await healthy(port)) return { url: `http://127.0.0.1:${port}`, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new CouldNotStart(
    `the demo gateway did not come up (${logFile}):\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')}`,
  );
}

module.exports = { CouldNotStart, REPO, freePort, startDemoGateway };
