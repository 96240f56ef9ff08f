// A small TCP proxy on 127.0.0.1 in front of the server under test. It lets a script cut the network under a
// browser for real: `blackhole()` silently stops forwarding on every open connection (a half-open connection, as
// when a phone changes networks: no FIN, no RST, just silence), `reset()` destroys them, `refuseNew(true)` makes
// the server unreachable for new connections until `refuseNew(false)`.
import net from 'node:net';

export async function startProxy(targetUrl) {
  const target = new URL(targetUrl);
  const targetPort = Number(target.port || 80);
  const targetHost = target.hostname === 'localhost' ? '127.0.0.1' : target.hostname;
  const pairs = new Set();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) { client.destroy(); return; }
    const upstream = net.connect(targetPort, targetHost);
    const pair = { client, upstream, holed: false };
    pairs.add(pair);
    const forward = (from, to) => from.on('data', (chunk) => { if (!pair.holed) to.write(chunk); });
    forward(client, upstream);
    forward(upstream, client);
    const done = () => { pairs.delete(pair); client.destroy(); upstream.destroy(); };
    client.on('close', done);
    upstream.on('close', done);
    client.on('error', done);
    upstream.on('error', done);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  return {
    url: `http://127.0.0.1:${port}/`,
    openConnections: () => pairs.size,
    /** Every open connection goes silent in both directions; the sockets stay open. */
    blackhole() { for (const p of pairs) p.holed = true; },
    /** While on, new connections are closed at once (the server is unreachable). */
    refuseNew(on) { refusing = on; },
    /** Every open connection is reset. */
    reset() { for (const p of [...pairs]) { p.client.resetAndDestroy?.() ?? p.client.destroy(); p.upstream.destroy(); } },
    close() {
      for (const p of [...pairs]) { p.client.destroy(); p.upstream.destroy(); }
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
