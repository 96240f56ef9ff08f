// Echo server with the npm `ws` package, as its README shows it.
// Usage: node ws_echo.js [port]   (run `npm ci` or `npm install` in this folder first)
// WS_DEFLATE=1 turns on ws's permessage-deflate with its default settings (perMessageDeflate: true).
'use strict';
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 8767);
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: process.env.WS_DEFLATE === '1' });
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
wss.on('listening', () => console.log(`ws ${require('ws/package.json').version} echo listening on ${port}`));
