// The Switchboard demo page: chat with presence, a live ticker, a shared board with cursors and a latency panel,
// all over one connection made by /switchboard.js. Plain ES module, no build step.
//
// URL parameters (handy for trying things and for the browser tests):
//   ?room=NAME   chat/board/roster channels use this room (default "lobby")
//   ?name=NAME   display name (default: remembered in localStorage, or a generated one)
//   ?ping=MS     client ping interval override (default: the server's welcome.pingInterval)
import { Switchboard } from '../switchboard.js';

const params = new URLSearchParams(location.search);
const room = sanitizeChannelPart(params.get('room') || 'lobby');
const CHANNELS = {
  chat: `chat:${room}`,
  roster: `roster:${room}`,
  board: `board:${room}`,
};
const $ = (id) => document.getElementById(id);

// ---- identity ------------------------------------------------------------------------------------------------

const ADJECTIVES = ['Swift', 'Calm', 'Bright', 'Lucky', 'Quiet', 'Bold', 'Keen', 'Merry', 'Sunny', 'Brave'];
const ANIMALS = ['Otter', 'Falcon', 'Lynx', 'Panda', 'Heron', 'Fox', 'Koala', 'Orca', 'Badger', 'Wren'];
const PALETTE = ['#4f46e5', '#0891b2', '#16a34a', '#ca8a04', '#ea580c', '#db2777', '#7c3aed', '#0d9488', '#dc2626', '#2563eb'];

function pick(list) { return list[Math.floor(Math.random() * list.length)]; }
function colorFor(key) {
  let h = 0;
  for (const ch of String(key)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}
function storage() { try { return window.localStorage; } catch { return null; } }

let myName = (params.get('name') || storage()?.getItem('switchboard-demo-name') || `${pick(ADJECTIVES)} ${pick(ANIMALS)}`).slice(0, 24);
const nameInput = $('name-input');
nameInput.value = myName;
$('chat-room').textContent = `#${room}`;

// ---- connection ----------------------------------------------------------------------------------------------

const pingOverride = Number(params.get('ping')) || null;
// A chat message typed while offline waits for the connection for up to five minutes (shown as pending), then
// fails visibly; the page sends nothing else while disconnected, so this long wait holds no other command back.
const sb = new Switchboard('/ws', { pingInterval: pingOverride, queueTimeout: 5 * 60 * 1000 });
window.switchboardDemo = { sb, channels: CHANNELS }; // for the console and the browser tests

let presenceFresh = false; // false from a disconnect until the first presence answer after the reconnect
const pill = $('conn-state');
function showState(state, detail) {
  pill.dataset.state = state;
  pill.querySelector('.pill-text').textContent = state;
  pill.title = detail || '';
  $('conn-detail').textContent = detail || '';
}
sb.on('state', ({ state }) => {
  showState(state, state === 'connected' ? `connected to ${sb.node || 'server'} as ${sb.client}` : '');
  // Whatever the page shows about "now" is unknown while disconnected: say so instead of showing the last values.
  document.body.classList.toggle('offline', state !== 'connected');
  if (state !== 'connected') { presenceFresh = false; renderPresence(); tickerOffline(); latencyOffline(); }
});
sb.on('reconnecting', ({ attempt, delay }) => showState('disconnected', `reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt})`));
// One notice per outage, not one per failed reconnect attempt.
let wasConnected = false;
const myClients = new Set(); // this page's connection ids, old ones included: their leave is not news
sb.on('disconnect', ({ code, reason, reconnect }) => {
  if (wasConnected) addNotice(`connection lost (${code}${reason ? ': ' + reason : ''}); ${reconnect ? 'reconnecting…' : 'not reconnecting'}`, 'warn');
  wasConnected = false;
});
sb.on('connect', () => { wasConnected = true; myClients.add(sb.client); announce(); refreshPresence(); });

// ---- roster: who is who --------------------------------------------------------------------------------------
// Anonymous connections carry no profile in presence, so each page announces {client, name} on a roster channel
// after every (re)connect and name change; history of that channel tells a newcomer the names already there.

const names = new Map(); // client id -> name
function nameOf(client) { return names.get(client) || `guest-${String(client).slice(0, 4)}`; }
function learnName(client, name) {
  if (!client || !name || names.get(client) === name) return;
  names.set(client, name);
  for (const el of document.querySelectorAll(`[data-name-of="${CSS.escape(client)}"]`)) el.textContent = name;
  renderPresence();
}

const rosterSub = sb.subscribe(CHANNELS.roster, {
  onPublication: (p) => {
    const client = p.data?.client || p.info?.client;
    learnName(client, p.data?.name);
    // A page announces itself right after subscribing to the chat, so a live announcement is also the fastest
    // sign of arrival where the chat namespace has no join events.
    if (client) personArrived({ client, user: p.info?.user ?? null });
  },
  onSubscribed: async (info, sub) => {
    if (info.resubscribed) return;
    try {
      const h = await sub.history({ limit: 100 });
      for (const p of h.publications) learnName(p.data?.client || p.info?.client, p.data?.name);
    } catch (e) { console.warn('roster history failed', e); }
  },
});
function announce() {
  if (!sb.client) return;
  learnName(sb.client, myName);
  rosterSub.publish({ client: sb.client, name: myName }).catch(() => {});
}

nameInput.addEventListener('change', () => {
  const v = nameInput.value.trim().slice(0, 24);
  if (!v) { nameInput.value = myName; return; }
  myName = v;
  storage()?.setItem('switchboard-demo-name', myName);
  announce();
});

// ---- chat + presence -----------------------------------------------------------------------------------------

const chatLog = $('chat-log');
const present = new Map(); // client id -> {client, user}
const delivered = new Set(); // ids (`mid`) of this page's messages whose publication arrived

function nearBottom() { return chatLog.scrollHeight - chatLog.scrollTop - chatLog.clientHeight < 60; }
function appendToLog(el, { top = false } = {}) {
  const stick = nearBottom();
  if (top) chatLog.prepend(el); else chatLog.append(el);
  while (chatLog.children.length > 300) chatLog.firstElementChild.remove();
  if (stick || !top) chatLog.scrollTop = chatLog.scrollHeight;
}

function messageElement(p) {
  const d = p.data || {};
  const li = document.createElement('li');
  li.className = 'msg';
  if (p.offset != null) li.dataset.offset = p.offset;
  const who = String(d.name || 'someone');
  const mine = p.info?.client ? p.info.client === sb.client : d.client === sb.client;
  if (mine) li.classList.add('mine');
  const avatar = document.createElement('span');
  avatar.className = 'avatar';
  avatar.style.background = colorFor(who);
  avatar.textContent = who.trim().slice(0, 1) || '?';
  const body = document.createElement('div');
  const head = document.createElement('div');
  head.className = 'who';
  head.textContent = who;
  const when = document.createElement('span');
  when.className = 'when';
  when.textContent = d.ts ? new Date(d.ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
  head.append(when);
  const text = document.createElement('div');
  text.className = 'text';
  text.textContent = String(d.text ?? '');
  body.append(head, text);
  li.append(avatar, body);
  return li;
}

function addNotice(text, kind = '', client = null) {
  const li = document.createElement('li');
  li.className = `notice ${kind}`;
  if (client) {
    const who = document.createElement('span');
    who.dataset.nameOf = client;
    who.textContent = nameOf(client);
    li.append(who, document.createTextNode(text));
  } else {
    li.textContent = text;
  }
  appendToLog(li);
}

async function loadChatHistory(sub, upTo) {
  try {
    const h = await sub.history({ limit: 50 });
    // Only what came before the subscription's start: later ones arrive through onPublication.
    const older = h.publications.filter((p) => p.offset <= upTo).sort((a, b) => b.offset - a.offset);
    for (const p of older) appendToLog(messageElement(p), { top: true });
    chatLog.scrollTop = chatLog.scrollHeight;
  } catch (e) {
    console.warn('chat history failed', e);
  }
}

const chatSub = sb.subscribe(CHANNELS.chat, {
  onPublication: (p) => {
    // This page's own message, shown as pending so far: the publication replaces it at its place in the order.
    const mid = p.data?.mid;
    if (mid) { delivered.add(mid); chatLog.querySelector(`li[data-mid="${CSS.escape(String(mid))}"]`)?.remove(); }
    appendToLog(messageElement(p));
  },
  onJoin: (info) => personArrived(info),
  onLeave: (info) => personLeft(info.client),
  onSubscribed: (info, sub) => {
    if (!info.resubscribed) loadChatHistory(sub, info.offset);
    refreshPresence();
  },
  onRecover: (info, sub) => {
    if (info.recovered) {
      if (info.recoveredCount) addNotice(`caught up on ${info.recoveredCount} missed message${info.recoveredCount === 1 ? '' : 's'}`);
    } else {
      // History could not fill the gap: reload the room from scratch (keeping messages still waiting to be sent).
      // A new epoch means the server lost the channel's history (e.g. a restart); otherwise more was said
      // than the server keeps. Neither is the reader's doing.
      const unsent = [...chatLog.querySelectorAll('li.msg.pending, li.msg.failed')];
      chatLog.replaceChildren();
      const epochChanged = info.since && info.since.epoch !== info.epoch;
      addNotice(epochChanged
        ? 'the server restarted and lost this room\'s history; showing the room as it is now'
        : 'more was said while the connection was down than the server keeps; showing the latest messages', 'warn');
      loadChatHistory(sub, info.offset).then(() => { for (const el of unsent) if (!delivered.has(el.dataset.mid)) appendToLog(el); });
    }
  },
});

function personArrived(info) {
  if (!info?.client || present.has(info.client)) return;
  present.set(info.client, info);
  if (!myClients.has(info.client)) addNotice(' joined', '', info.client);
  renderPresence();
}
function personLeft(client) {
  if (!present.delete(client)) return;
  if (!myClients.has(client)) addNotice(' left', '', client);
  removeCursor(client);
  renderPresence();
}

// Join/leave events may be off for the namespace; a periodic presence call keeps the list right either way.
let presenceBusy = false;
async function refreshPresence() {
  if (presenceBusy || sb.state !== 'connected') return;
  presenceBusy = true;
  try {
    const { clients } = await chatSub.presence();
    const now = new Set(clients.map((c) => c.client));
    for (const c of clients) personArrived(c);
    for (const client of [...present.keys()]) if (!now.has(client)) personLeft(client);
    presenceFresh = true;
    renderPresence();
  } catch (e) {
    if (e.code !== 'not_subscribed') console.warn('presence failed', e);
  } finally {
    presenceBusy = false;
  }
}
setInterval(refreshPresence, 5000);

function renderPresence() {
  const list = $('presence-list');
  if (!presenceFresh) { // the list from before the outage may be wrong by now: show none until presence answers
    list.replaceChildren();
    $('presence-count').textContent = sb.state === 'connected' ? 'checking…' : 'offline';
    return;
  }
  const items = [...present.keys()].sort((a, b) => (a === sb.client ? -1 : b === sb.client ? 1 : nameOf(a).localeCompare(nameOf(b))));
  list.replaceChildren(...items.map((client) => {
    const li = document.createElement('li');
    li.dataset.client = client;
    if (client === sb.client) li.classList.add('self');
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = colorFor(nameOf(client));
    const n = document.createElement('span');
    n.className = 'pname';
    n.textContent = nameOf(client);
    li.append(sw, n);
    return li;
  }));
  $('presence-count').textContent = `${items.length} online`;
}

$('chat-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = $('chat-input');
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  sendChat(text);
});

// A message shows at once with a marker: "waiting for connection" while offline (the client queues it and sends
// it after the reconnect), "sending…" on the wire. Its own publication then takes its place, in offset order; a
// failure keeps it, marked "not sent", with a button to try again.
let messageSeq = 0;
function sendChat(text, el = null) {
  const mid = el?.dataset.mid || `${Date.now().toString(36)}-${++messageSeq}`;
  if (!el) {
    el = messageElement({ data: { name: myName, text, ts: Date.now() }, info: { client: sb.client } });
    el.classList.add('mine');
    el.dataset.mid = mid;
    const marker = document.createElement('span');
    marker.className = 'marker';
    el.querySelector('.who').append(marker);
    appendToLog(el);
  }
  markPending(el, sb.state === 'connected' ? 'sending…' : 'waiting for connection');
  chatSub.publish({ client: sb.client, name: myName, text, ts: Date.now(), mid }).then(
    () => { if (el.isConnected) markPending(el, null); },
    (e) => {
      if (!el.isConnected) return;
      // connection_lost: the server may or may not have it; the person decides whether to send it again.
      markPending(el, e.code === 'connection_lost' ? 'maybe not sent (connection lost)' : `not sent (${e.code})`, true);
      const retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'ghost retry';
      retry.textContent = 'Retry';
      retry.addEventListener('click', () => { retry.remove(); sendChat(text, el); });
      el.querySelector('.who').append(retry);
    });
}
function markPending(el, text, failed = false) {
  el.classList.toggle('pending', text != null && !failed);
  el.classList.toggle('failed', failed);
  el.querySelector('.marker').textContent = text || '';
}
sb.on('connect', () => { // queued messages go out now
  for (const m of chatLog.querySelectorAll('li.msg.pending .marker')) m.textContent = 'sending…';
});

// ---- ticker ----------------------------------------------------------------------------------------------------

const quotes = new Map(); // symbol -> {row, prices[], last}

function tickerRow(symbol) {
  let q = quotes.get(symbol);
  if (q) return q;
  const tr = document.createElement('tr');
  tr.dataset.symbol = symbol;
  tr.dataset.updates = '0';
  tr.innerHTML = '<td class="sym"></td><td class="num px">–</td><td class="num chg">–</td><td class="spark-col"><canvas width="120" height="26"></canvas></td>';
  tr.querySelector('.sym').textContent = symbol;
  $('ticker-rows').append(tr);
  q = { row: tr, prices: [], canvas: tr.querySelector('canvas') };
  quotes.set(symbol, q);
  return q;
}

function onQuote(p, live = true) {
  const d = p.data || {};
  const symbol = d.symbol || p.channel.slice('ticker:'.length);
  const price = Number(d.price);
  if (!Number.isFinite(price)) return;
  const q = tickerRow(symbol);
  const prev = q.prices.length ? q.prices[q.prices.length - 1] : null;
  q.prices.push(price);
  if (q.prices.length > 60) q.prices.shift();
  const row = q.row;
  row.querySelector('.px').textContent = price.toFixed(2);
  const pct = Number(d.changePct);
  const chg = row.querySelector('.chg');
  if (Number.isFinite(pct)) {
    chg.textContent = `${pct >= 0 ? '+' : ''}${pct.toFixed(2)}%`;
    chg.className = `num chg ${pct >= 0 ? 'up' : 'down'}`;
  }
  row.dataset.updates = String(Number(row.dataset.updates) + 1);
  if (live && prev != null && price !== prev) {
    row.classList.remove('flash-up', 'flash-down');
    void row.offsetWidth; // restart the animation
    row.classList.add(price > prev ? 'flash-up' : 'flash-down');
  }
  if (live && q.firstLiveOffset == null) q.firstLiveOffset = p.offset;
  drawSpark(q.canvas, q.prices);
  if (sb.state === 'connected') setTickerStatus('live');
  showSavings();
}

// The ticker subscribes with deltas (namespace ticker has `delta` on): each quote travels as a Fossil delta of the
// previous one, and the client rebuilds it. What that saves, summed over the symbols, in characters of `data`.
const tickerSubs = [];
function showSavings() {
  let received = 0, whole = 0, deltas = 0, count = 0;
  for (const s of tickerSubs) {
    received += s.deltaStats.receivedBytes; whole += s.deltaStats.wholeBytes;
    deltas += s.deltaStats.deltas; count += s.deltaStats.deltas + s.deltaStats.wholes;
  }
  const el = $('ticker-savings');
  if (!count) return;
  const pct = whole ? Math.round(100 * (1 - received / whole)) : 0;
  el.textContent = `${deltas} of ${count} quotes as deltas: ${received.toLocaleString()} of ${whole.toLocaleString()} bytes of data (${pct}% saved)`;
  el.dataset.saved = String(whole - received);
}
function setTickerStatus(text) {
  const badge = $('ticker-status');
  badge.textContent = text;
  badge.dataset.state = text;
}
function tickerOffline() {
  // The last prices stay for reference but are marked as not current; "live" comes back with the next quote.
  if (quotes.size) setTickerStatus('paused: offline');
}

async function startTicker() {
  let cfg = null;
  try {
    const res = await fetch('/demo/ticker', { headers: { accept: 'application/json' } });
    if (res.ok) cfg = await res.json();
  } catch { /* server without the simulator */ }
  if (!cfg || !cfg.enabled || !Array.isArray(cfg.symbols) || cfg.symbols.length === 0) {
    setTickerStatus('simulator off');
    $('ticker-rows').innerHTML = '<tr class="empty"><td colspan="4">The server-side ticker simulator is switched off (switchboard.demo.ticker.enabled).</td></tr>';
    return;
  }
  for (const symbol of cfg.symbols) {
    tickerRow(symbol);
    // delta: quotes as Fossil deltas; the current quote comes in the reply (the namespace's latest-on-subscribe).
    tickerSubs.push(sb.subscribe(`ticker:${symbol}`, {
      delta: 'fossil',
      onPublication: (p) => onQuote(p),
      onSubscribed: async (info, sub) => {
        if (info.resubscribed) return;
        try { // fill the sparkline with the recent past
          const h = await sub.history({ limit: 60 });
          const q = quotes.get(symbol);
          const fresh = q.prices.splice(0);
          // Up to the first quote already shown (the latest one from the reply, or a live one).
          const upTo = Math.min(info.offset, (q.firstLiveOffset ?? Infinity) - 1);
          for (const p of h.publications.filter((x) => x.offset <= upTo)) onQuote(p, false);
          for (const px of fresh) q.prices.push(px);
          drawSpark(q.canvas, q.prices);
        } catch { /* history is a nicety here */ }
      },
    }));
  }
}
startTicker();

function drawSpark(canvas, values, color) {
  const ctx = canvas.getContext('2d');
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || canvas.width;
  const h = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(w * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr); }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  if (values.length < 2) return;
  const min = Math.min(...values), max = Math.max(...values);
  const span = max - min || 1;
  const up = values[values.length - 1] >= values[0];
  const css = getComputedStyle(document.documentElement);
  ctx.strokeStyle = color || css.getPropertyValue(up ? '--up' : '--down').trim() || '#888';
  ctx.lineWidth = 1.5;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  values.forEach((v, i) => {
    const x = (i / (values.length - 1)) * (w - 2) + 1;
    const y = h - 2 - ((v - min) / span) * (h - 4);
    if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  });
  ctx.stroke();
}

// ---- shared board ----------------------------------------------------------------------------------------------

const board = $('board');
const ink = $('board-ink');
const cursors = new Map(); // client -> {el, last, seen}
const CURSOR_SVG = '<svg width="18" height="20" viewBox="0 0 18 20"><path d="M1 1 L1 16 L5 12 L8 19 L11 18 L8 11 L14 11 Z" fill="currentColor" stroke="#fff" stroke-width="1.3" stroke-linejoin="round"/></svg>';

function sizeInk() {
  const dpr = window.devicePixelRatio || 1;
  const r = board.getBoundingClientRect();
  const width = Math.max(1, Math.round(r.width * dpr));
  const height = Math.max(1, Math.round(r.height * dpr));
  if (width === ink.width && height === ink.height) return;
  // Resizing clears a canvas: keep the drawing by copying it through a second canvas, scaled to the new size.
  // (drawImage stays on the GPU; getImageData would read pixels back, which Chrome warns about when repeated.)
  const copy = document.createElement('canvas');
  copy.width = ink.width;
  copy.height = ink.height;
  copy.getContext('2d').drawImage(ink, 0, 0);
  ink.width = width;
  ink.height = height;
  ink.getContext('2d').drawImage(copy, 0, 0, width, height);
}
new ResizeObserver(sizeInk).observe(board);

function drawSegment(from, to, color) {
  const ctx = ink.getContext('2d');
  ctx.strokeStyle = color;
  ctx.lineWidth = 3 * (window.devicePixelRatio || 1);
  ctx.lineCap = 'round';
  ctx.beginPath();
  ctx.moveTo(from.x * ink.width, from.y * ink.height);
  ctx.lineTo(to.x * ink.width, to.y * ink.height);
  ctx.stroke();
}

function showCursor(d, client) {
  if (!client || client === sb.client) return;
  let c = cursors.get(client);
  if (!c) {
    const el = document.createElement('div');
    el.className = 'cursor';
    el.dataset.client = client;
    el.innerHTML = `${CURSOR_SVG}<span class="label"></span>`;
    $('cursors').append(el);
    c = { el, last: null };
    cursors.set(client, c);
  }
  const color = colorFor(d.name || client);
  c.el.style.color = color;
  const label = c.el.querySelector('.label');
  label.textContent = d.name || nameOf(client);
  label.style.background = color;
  const r = board.getBoundingClientRect();
  c.el.style.transform = `translate(${d.x * r.width}px, ${d.y * r.height}px)`;
  if (d.down && c.last && c.last.down) drawSegment(c.last, d, color);
  c.last = d;
  c.seen = Date.now();
}
function removeCursor(client) {
  const c = cursors.get(client);
  if (c) { c.el.remove(); cursors.delete(client); }
}
setInterval(() => { // a cursor that stopped moving for a while fades out
  for (const [client, c] of cursors) if (Date.now() - c.seen > 20000) removeCursor(client);
}, 5000);

const boardSub = sb.subscribe(CHANNELS.board, {
  onPublication: (p) => showCursor(p.data || {}, p.data?.client || p.info?.client),
});

// Pointer moves are coalesced to one publication per animation frame (~60/s at most, usually far fewer).
let pendingMove = null, lastSent = null, frameQueued = false;
function queueMove(ev, down) {
  const r = board.getBoundingClientRect();
  const x = Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width));
  const y = Math.min(1, Math.max(0, (ev.clientY - r.top) / r.height));
  const point = { x: +x.toFixed(4), y: +y.toFixed(4), down };
  if (down && lastSent && lastSent.down) drawSegment(lastSent, point, colorFor(myName));
  pendingMove = point;
  lastSent = point;
  if (!frameQueued) {
    frameQueued = true;
    requestAnimationFrame(() => {
      frameQueued = false;
      if (!pendingMove || sb.state !== 'connected') return;
      boardSub.publish({ client: sb.client, name: myName, ...pendingMove }).catch(() => {});
      pendingMove = null;
    });
  }
}
let drawing = false;
board.addEventListener('pointerdown', (ev) => { drawing = true; board.setPointerCapture(ev.pointerId); lastSent = null; queueMove(ev, true); });
board.addEventListener('pointermove', (ev) => queueMove(ev, drawing));
const stop = (ev) => { if (drawing) { drawing = false; queueMove(ev, false); } };
board.addEventListener('pointerup', stop);
board.addEventListener('pointercancel', stop);
$('board-clear').addEventListener('click', () => ink.getContext('2d').clearRect(0, 0, ink.width, ink.height));

// ---- latency -----------------------------------------------------------------------------------------------------
// Both numbers measure the same thing, publish -> delivery, over two transports: the page publishes on its own
// channel through the WebSocket and times how long until the publication comes back (1) as a WebSocket push and
// (2) as the answer of a long-poll request (GET /poll) that was waiting for it.

const latChannel = `latency:${Math.random().toString(36).slice(2, 10)}`;
const samples = { ws: [], lp: [] };
const waiting = new Map(); // probe id -> {sentAt, kind, resolve}
let probeSeq = 0;

const latSub = sb.subscribe(latChannel, {
  onPublication: (p) => {
    const w = waiting.get(p.data?.probe);
    if (w && w.kind === 'ws') { waiting.delete(p.data.probe); w.resolve(performance.now() - w.sentAt); }
  },
});

function latencyOffline() {
  if (pollAbort) { pollAbort.offline = true; pollAbort.abort(); } // its answer could not be timed any more
  // Numbers measured before the outage say nothing about the connection that comes next.
  for (const kind of ['ws', 'lp']) {
    samples[kind].length = 0;
    const el = $(kind === 'ws' ? 'lat-ws' : 'lat-lp');
    if (kind === 'lp' && pollState === 'absent') continue;
    el.textContent = '\u2013';
    el.title = 'not connected';
    drawSpark($(kind === 'ws' ? 'lat-ws-spark' : 'lat-lp-spark'), []);
  }
}

function record(kind, ms) {
  const list = samples[kind];
  list.push(ms);
  if (list.length > 30) list.shift();
  const sorted = [...list].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const el = $(kind === 'ws' ? 'lat-ws' : 'lat-lp');
  el.textContent = median < 10 ? median.toFixed(1) : Math.round(median).toString();
  el.title = `median of the last ${list.length} samples; latest ${ms.toFixed(1)} ms`;
  drawSpark($(kind === 'ws' ? 'lat-ws-spark' : 'lat-lp-spark'), list, getComputedStyle(document.documentElement).getPropertyValue('--accent').trim());
}

function probeOverWebSocket() {
  const probe = ++probeSeq;
  return new Promise((resolve, reject) => {
    const entry = { kind: 'ws', sentAt: performance.now(), resolve };
    waiting.set(probe, entry);
    setTimeout(() => { if (waiting.delete(probe)) reject(new Error('timeout')); }, 5000);
    latSub.publish({ probe, kind: 'ws' }).catch((e) => { waiting.delete(probe); reject(e); });
  });
}

let pollState = 'unknown'; // unknown | available | absent
let pollSince = null;      // "<epoch>:<offset>"
let pollAbort = null;      // the AbortController of the long-poll in flight

function pollUrl(timeoutSeconds) {
  const q = new URLSearchParams({ channel: latChannel, timeout: String(timeoutSeconds) });
  if (pollSince) q.set('since', pollSince);
  return `/poll?${q}`;
}

/** The answer's shape: {channel, epoch, offset, publications} (or a bare publication list, tolerated). */
function readPollAnswer(body) {
  const pubs = Array.isArray(body) ? body : (body?.publications || []);
  const epoch = body?.epoch || latSub.epoch;
  const top = pubs.length ? pubs[pubs.length - 1].offset : body?.offset;
  if (epoch != null && top != null) pollSince = `${epoch}:${top}`;
  return pubs;
}

function markPollAbsent(why) {
  pollState = 'absent';
  $('lat-lp').textContent = 'n/a';
  $('lat-lp').parentElement.classList.add('na');
  $('lat-lp-note').textContent = why;
}

async function probeOverLongPoll() {
  if (pollState === 'absent') return;
  if (!pollSince) {
    if (latSub.epoch == null) return;
    pollSince = `${latSub.epoch}:${latSub.offset ?? 0}`;
  }
  const probe = ++probeSeq;
  const ctrl = new AbortController();
  pollAbort = ctrl;
  const killer = setTimeout(() => ctrl.abort(), 8000);
  let sentAt = 0;
  try {
    const answer = fetch(pollUrl(5), { signal: ctrl.signal, cache: 'no-store', headers: { accept: 'application/json' } });
    answer.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
    // Give the request a moment to be parked on the server, so the number is delivery time, not request setup.
    await new Promise((r) => setTimeout(r, 150));
    sentAt = performance.now();
    latSub.publish({ probe, kind: 'lp' }).catch(() => {});
    for (let round = 0; round < 3; round++) {
      const res = round === 0 ? await answer : await fetch(pollUrl(5), { signal: ctrl.signal, cache: 'no-store' });
      if (res.status === 404 || res.status === 405) { markPollAbsent('GET /poll not available on this server'); return; }
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      pollState = 'available';
      const pubs = readPollAnswer(await res.json());
      if (pubs.some((p) => p.data?.probe === probe)) { if (sb.state === 'connected') record('lp', performance.now() - sentAt); return; }
    }
  } catch (e) {
    if (pollState === 'unknown' && !ctrl.offline) markPollAbsent('long-poll failed: ' + (e.message || e));
  } finally {
    clearTimeout(killer);
  }
}

async function latencyLoop() {
  for (;;) {
    if (sb.state === 'connected' && latSub.state === 'subscribed') {
      const connection = sb.client;
      try {
        const ms = await probeOverWebSocket();
        if (sb.client === connection && sb.state === 'connected') record('ws', ms); // a probe across a reconnect measures the outage
      } catch { /* next round */ }
      await probeOverLongPoll();
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}
latencyLoop();

function sanitizeChannelPart(s) {
  return String(s).replace(/[^A-Za-z0-9_\-.@=]/g, '').slice(0, 64) || 'lobby';
}
