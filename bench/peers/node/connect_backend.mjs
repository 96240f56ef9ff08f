// The tiniest connect-hook back end for bench/scenarios/connect-hook.sh: every POST /connect is allowed with a
// user taken from a counter (no I/O, no parsing beyond reading the body), so what the storm measures is
// Switchboard's cost of asking, not the back end's thinking. Usage: node connect_backend.mjs PORT
import http from 'node:http';

const port = Number(process.argv[2] || 18090);
let n = 0;
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    n += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"result":{"user":"u${n % 1000}"}}`);
  });
}).listen(port, '127.0.0.1', () => console.log(`connect back end on ${port}`));
