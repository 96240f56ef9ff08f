// Fan-out with the npm `ws` package, the way its README broadcasts: a loop over the clients, one send each.
// Speaks the few steps of Switchboard's protocol the bench generator uses: {"type":"welcome"} at open, a
// subscribe answered with {"type":"subscribed"}, and each publish re-sent as {"type":"publication","data":...}
// to every subscribed client (one channel: the generator's one-channel sweep).
// Usage: node ws_broadcast.js [port]   (run `npm ci` in this folder first)
'use strict';
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] || 8770);
const wss = new WebSocketServer({ host: '127.0.0.1', port });
const subscribers = new Set();
wss.on('connection', (ws) => {
  ws.send('{"type":"welcome"}');
  ws.on('message', (data) => {
    const text = data.toString();
    if (text.includes('"publish"')) {
      const at = text.indexOf('"data":');
      const frame = '{"type":"publication","data":' + text.slice(at + 7, text.length - 1) + '}';
      for (const client of subscribers) {
        if (client.readyState === WebSocket.OPEN) {
          client.send(frame);
        }
      }
    } else if (text.includes('"subscribe"')) {
      subscribers.add(ws);
      ws.send('{"type":"subscribed","id":1}');
    }
  });
  ws.on('close', () => subscribers.delete(ws));
});
wss.on('listening', () => console.log(`ws ${require('ws/package.json').version} broadcast listening on ${port}`));
