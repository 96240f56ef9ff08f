// Fan-out with Socket.IO 4, the way its docs broadcast to a room: io.to(room).emit (the adapter encodes the
// packet once and writes the same Engine.IO frame to every socket of the room), over the WebSocket transport only
// (no HTTP long-polling first: the bench's generator connects with transport=websocket, as a client with
// `transports: ["websocket"]` does). Events the generator sends (bench/src/.../SocketIoDialect.java):
//   42["subscribe","<room>"]                       joins the room, answered with 42["subscribed"]
//   42["publish",{"channel":"<room>","data":...}]  io.to(room).emit("publication", data)
// Engine.IO's own heartbeat stays on (the server pings every pingInterval, the generator answers with a pong).
// Usage: node socketio_broadcast.js [port]   (run `npm ci` in this folder first)
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 8771);
const server = http.createServer();
const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
io.on('connection', (socket) => {
  socket.on('subscribe', (room) => {
    socket.join(room);
    socket.emit('subscribed');
  });
  socket.on('publish', (message) => {
    io.to(message.channel).emit('publication', message.data);
  });
});
server.listen(port, '127.0.0.1', () =>
  console.log(`socket.io ${require('socket.io/package.json').version} broadcast listening on ${port}`));
