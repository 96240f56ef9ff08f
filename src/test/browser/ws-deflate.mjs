// Node's ws client (npm ws, its default options: perMessageDeflate on) against the server: permessage-deflate is
// negotiated with no context takeover both ways, a long publication arrives whole, and fewer bytes than its
// length crossed the socket (it came compressed). Usage: node ws-deflate.mjs <baseUrl> <unused dir>
import WebSocket from 'ws';
import { baseUrl } from './lib.mjs';

const name = 'ws-deflate';
const fail = (message) => { console.log(`FAIL ${name}: ${message}`); process.exit(1); };
setTimeout(() => fail('no result within 30 s'), 30000).unref();

const url = new URL('ws', baseUrl.replace(/^http/, 'ws')).toString();
const ws = new WebSocket(url); // no options: what every ws user gets
const channel = `chat:ws-${Date.now()}`;
const text = 'the quick brown fox jumps over the lazy dog '.repeat(100); // 4.4 KB, repetitive like real JSON
let bytesBefore = 0;

let answer = '';
ws.on('error', (e) => fail(e.message));
ws.on('upgrade', (response) => { answer = response.headers['sec-websocket-extensions'] || ''; });
ws.on('open', () => {
  // ws.extensions names what ws itself accepted; the upgrade response shows the parameters
  console.log(`server answered "${answer}", ws accepted "${ws.extensions}"`);
  if (ws.extensions !== 'permessage-deflate') fail(`ws did not accept permessage-deflate: "${ws.extensions}"`);
  if (!answer.includes('server_no_context_takeover') || !answer.includes('client_no_context_takeover')) {
    fail(`no context takeover missing in "${answer}"`);
  }
});
ws.on('message', (data) => {
  const frame = JSON.parse(data.toString());
  if (frame.type === 'welcome') {
    ws.send(JSON.stringify({ type: 'subscribe', id: 1, channel }));
  } else if (frame.type === 'subscribed') {
    bytesBefore = ws._socket.bytesRead;
    ws.send(JSON.stringify({ type: 'publish', id: 2, channel, data: { text } })); // compressed by ws on the way in
  } else if (frame.type === 'publication') {
    if (frame.data.text !== text) fail('publication arrived changed');
    const wire = ws._socket.bytesRead - bytesBefore;
    console.log(`publication of ${data.length} bytes took ${wire} bytes on the wire (with the published reply)`);
    if (wire >= data.length / 2) fail(`${wire} bytes read for a ${data.length}-byte message: not compressed`);
    console.log(`PASS ${name}`);
    ws.close(1000);
    process.exitCode = 0;
  }
});
