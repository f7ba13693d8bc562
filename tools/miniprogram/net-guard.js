// Preloaded (NODE_OPTIONS=--require) into miniprogram-ci and its forked workers: refuse every
// connection that is not to loopback, and log what was attempted, so an offline check stays offline.
const net = require('net');
const dns = require('dns');
const isLoop = (h) => !h || h === 'localhost' || /^127\./.test(h) || h === '::1';
const origConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  let opts = args[0];
  let host =
    typeof opts === 'object' && opts
      ? opts.host || (opts.path ? 'unix' : 'localhost')
      : typeof args[1] === 'string'
        ? args[1]
        : 'localhost';
  if (host !== 'unix' && !isLoop(host)) {
    const err = new Error(`net-guard: blocked connection to ${host}`);
    process.stderr.write(`[net-guard] blocked connect to ${host}\n`);
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return origConnect.apply(this, args);
};
const origLookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  const cb = rest[rest.length - 1];
  if (!isLoop(host)) {
    process.stderr.write(`[net-guard] blocked DNS lookup of ${host}\n`);
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host} (net-guard)`), { code: 'ENOTFOUND' });
    return process.nextTick(() => cb(err));
  }
  return origLookup.call(this, host, ...rest);
};
