// The JS client's CBOR subprotocol (switchboard.v1.cbor).
// 1. Its own codec (clients/js/src/switchboard.js, encodeCbor/decodeCbor) against cbor-x, a well-kept CBOR library,
//    on generated values both ways (ours -> cbor-x and cbor-x -> ours), plus the examples of RFC 8949 Appendix A
//    and malformed input.
// 2. The client in chromium on switchboard.v1.cbor against the real server: bytes in `data` arrive as bytes to CBOR
//    subscribers and as base64 to JSON subscribers, replies and pushes encoded by the server decode, an oversize
//    command is refused locally while the connection stays up, and an unknown subprotocol fails at once.
import { encode as cborxEncode, decode as cborxDecode } from 'cbor-x';
import { run, baseUrl, check } from './lib.mjs';
import { encodeCbor, decodeCbor } from '../../../clients/js/src/switchboard.js';

// ---- generated values ---------------------------------------------------------------------------------------------

/** Deterministic PRNG (mulberry32), so a failing value can be reproduced from the printed seed. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Integers at every boundary of CBOR's argument sizes, both signs.
const EDGE_INTS = [0, 1, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1]
  .flatMap((n) => [n, -n, -n - 1]).filter((n) => Number.isSafeInteger(n));
const STRINGS = ['', 'a', 'hi', 'héllo', '✓ ok', '日本語', 'emoji 😀 and 🎉', 'x'.repeat(23), 'y'.repeat(24), 'z'.repeat(300)];

function generate(rand, depth = 0) {
  const r = rand();
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const leaf = depth >= 4 || r < 0.55;
  if (leaf) {
    switch (Math.floor(rand() * 10)) {
      case 0: return null;
      case 1: return rand() < 0.5;
      case 2: return pick(EDGE_INTS);
      case 3: return Math.floor((rand() - 0.5) * 2 ** Math.floor(rand() * 53));
      case 4: return (rand() - 0.5) * 10 ** Math.floor(rand() * 12);               // doubles
      case 5: return Math.fround((rand() - 0.5) * 1000);                           // exact float32 values
      case 6: return pick([Infinity, -Infinity, NaN, 0.5, -2.25, 1e300, 5e-324]);
      case 7: return pick(STRINGS) + (rand() < 0.3 ? String.fromCodePoint(Math.floor(rand() * 0xd7ff)) : '');
      case 8: return randomBytes(rand, pick([0, 1, 23, 24, 255, 256, 1000]));
      default: return pick([2n ** 53n, 2n ** 63n, 2n ** 64n - 1n, -(2n ** 53n) - 1n, -(2n ** 64n)]);
    }
  }
  if (r < 0.78) return Array.from({ length: Math.floor(rand() * 6) }, () => generate(rand, depth + 1));
  const obj = {};
  for (let i = Math.floor(rand() * 6); i > 0; i--) obj[pick(STRINGS) + i] = generate(rand, depth + 1);
  return obj;
}

function randomBytes(rand, n) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

/**
 * Structural equality. Numbers compare by value whatever their CBOR form: cbor-x decodes every 8-byte integer as
 * BigInt and writes -0 as 0, choices the protocol does not care about; byte strings compare by content.
 */
function same(a, b, { signedZero = true } = {}) {
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    return (typeof a === 'bigint' || Number.isInteger(a)) && (typeof b === 'bigint' || Number.isInteger(b)) && BigInt(a) === BigInt(b);
  }
  if (typeof a === 'number' && typeof b === 'number') return signedZero ? Object.is(a, b) : (a === b || (Number.isNaN(a) && Number.isNaN(b)));
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i]);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i], { signedZero }));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && same(a[k], b[k], { signedZero }));
  }
  return a === b;
}

const show = (v) => JSON.stringify(v, (k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? `bytes(${x.length})` : x)).slice(0, 200);
const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (s) => new Uint8Array(Buffer.from(s, 'hex'));

function codecChecks() {
  const seed = Number(process.env.CBOR_SEED) || 20260101;
  const rand = prng(seed);
  const COUNT = 3000;
  let ours = 0, theirs = 0, own = 0, bytesEqual = 0;
  for (let i = 0; i < COUNT; i++) {
    const v = generate(rand);
    const mine = encodeCbor(v);
    const back = cborxDecode(mine);
    if (!same(back, v)) throw new Error(`cbor-x reads our encoding differently (seed ${seed}, #${i}): ${show(v)} -> ${hex(mine).slice(0, 120)} -> ${show(back)}`);
    ours++;
    const other = cborxEncode(v);
    const read = decodeCbor(other);
    if (!same(read, v, { signedZero: false })) throw new Error(`we read cbor-x's encoding differently (seed ${seed}, #${i}): ${show(v)} -> ${hex(other).slice(0, 120)} -> ${show(read)}`);
    theirs++;
    if (!same(decodeCbor(mine), v)) throw new Error(`our own round trip changed ${show(v)}`);
    own++;
    if (hex(mine) === hex(other)) bytesEqual++;
  }
  check(ours === COUNT, `cbor-x decodes all ${COUNT} generated values we encoded to equal values (seed ${seed})`);
  check(theirs === COUNT, `we decode all ${COUNT} values cbor-x encoded to equal values`);
  check(own === COUNT, `our own round trip keeps all ${COUNT} values, -0 and NaN included (${bytesEqual} byte-identical to cbor-x's encoding)`);

  // Large items: lengths in 2- and 4-byte arguments.
  for (const v of [randomBytes(rand, 70000), 'ü'.repeat(40000), Array.from({ length: 70000 }, (_, i) => i)]) {
    if (!same(cborxDecode(encodeCbor(v)), v) || !same(decodeCbor(cborxEncode(v)), v)) throw new Error(`large item differs: ${show(v)}`);
  }
  check(true, 'large byte strings, text and arrays (4-byte lengths) agree both ways');

  // RFC 8949 Appendix A: our encoder gives exactly these bytes (preferred serialization) ...
  const encoded = [
    [0, '00'], [23, '17'], [24, '1818'], [100, '1864'], [1000, '1903e8'], [1000000, '1a000f4240'],
    [1000000000000, '1b000000e8d4a51000'], [18446744073709551615n, '1bffffffffffffffff'], [-1, '20'], [-1000, '3903e7'],
    [-18446744073709551616n, '3bffffffffffffffff'], [1.1, 'fb3ff199999999999a'], [3.4028234663852886e+38, 'fa7f7fffff'],
    [1.0e300, 'fb7e37e43c8800759c'], [false, 'f4'], [true, 'f5'], [null, 'f6'], ['', '60'], ['IETF', '6449455446'],
    ['\u00fc', '62c3bc'], ['\u6c34', '63e6b0b4'], ['\ud800\udd51', '64f0908591'], [new Uint8Array([1, 2, 3, 4]), '4401020304'],
    [[1, [2, 3], [4, 5]], '8301820203820405'], [{ a: 1, b: [2, 3] }, 'a26161016162820203'],
    [Array.from({ length: 25 }, (_, i) => i + 1), '98190102030405060708090a0b0c0d0e0f101112131415161718181819'],
  ];
  for (const [v, want] of encoded) if (hex(encodeCbor(v)) !== want) throw new Error(`encode ${show(v)}: ${hex(encodeCbor(v))}, RFC 8949 says ${want}`);
  check(true, `${encoded.length} RFC 8949 Appendix A examples encode to exactly the RFC's bytes`);

  // ... and our decoder reads these, including half floats, indefinite lengths and tags.
  const decoded = [
    ['f90000', 0], ['f98000', -0], ['f93c00', 1], ['f97bff', 65504], ['f90001', 5.960464477539063e-8], ['f90400', 0.00006103515625],
    ['f9c400', -4], ['f97c00', Infinity], ['f97e00', NaN], ['f9fc00', -Infinity], ['fa47c35000', 100000],
    ['c249010000000000000000', 18446744073709551616n], ['c349010000000000000000', -18446744073709551617n],
    ['c074323031332d30332d32315432303a30343a30305a', '2013-03-21T20:04:00Z'], ['d74401020304', new Uint8Array([1, 2, 3, 4])],
    ['5f42010243030405ff', new Uint8Array([1, 2, 3, 4, 5])], ['7f657374726561646d696e67ff', 'streaming'], ['9fff', []],
    ['9f018202039f0405ffff', [1, [2, 3], [4, 5]]], ['83018202039f0405ff', [1, [2, 3], [4, 5]]],
    ['bf61610161629f0203ffff', { a: 1, b: [2, 3] }], ['bf6346756ef563416d7421ff', { Fun: true, Amt: -2 }],
    ['a201020304', { 1: 2, 3: 4 }], ['f7', undefined],
  ];
  for (const [h, want] of decoded) if (!same(decodeCbor(unhex(h)), want)) throw new Error(`decode ${h}: ${show(decodeCbor(unhex(h)))}, want ${show(want)}`);
  check(true, `${decoded.length} RFC 8949 Appendix A items decode (half floats, bignums, tags, indefinite lengths)`);

  const proto = decodeCbor(unhex('a1695f5f70726f746f5f5fa1617801'));
  check(Object.getPrototypeOf(proto) === Object.prototype && proto.__proto__.x === 1 && Object.hasOwn(proto, '__proto__'),
    'a "__proto__" key is an own property, as with JSON.parse, never the prototype');

  for (const bad of ['', '18', '1a0000', '62c3', 'a16161', '8301', 'ff', '1c', 'fc', '0000', '5f01ff', '9f01', 'bf6161ff']) {
    let threw = false;
    try { decodeCbor(unhex(bad)); } catch (e) { threw = e instanceof SyntaxError; }
    if (!threw) throw new Error(`malformed ${bad || '(empty)'} was accepted`);
  }
  check(true, 'malformed input (truncated, trailing bytes, reserved values, stray break, bad chunks) throws SyntaxError');

  // What the protocol's frames need: JSON.stringify's rules for values CBOR could also carry.
  const asJson = { a: undefined, f() {}, d: new Date(0), list: [undefined, 1], s: Symbol('x') };
  check(same(decodeCbor(encodeCbor(asJson)), JSON.parse(JSON.stringify(asJson))),
    'undefined, functions and symbols are left out like JSON.stringify does; toJSON() is used (Date)');
}

// ---- in chromium, against the server ------------------------------------------------------------------------------

async function serverChecks(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') console.log(`console error: ${m.text()}`); });
  await page.goto(new URL('switchboard.js', baseUrl).toString());
  const channel = `cbor-${Date.now().toString(36)}`;
  const out = await page.evaluate(async (channel) => {
    const SB = await import('/switchboard.js');
    const connected = (sb) => new Promise((resolve) => { if (sb.state === 'connected') resolve(); else { const off = sb.on('connect', () => { off(); resolve(); }); } });
    const until = async (cond, ms = 10000) => {
      const end = performance.now() + ms;
      while (!cond()) { if (performance.now() > end) throw new Error('timed out waiting for ' + cond); await new Promise((r) => setTimeout(r, 20)); }
    };
    const result = {};
    try { new SB.Switchboard('/ws', { protocol: 'switchboard.v2.msgpack', autoConnect: false }); } catch (e) { result.unknown = `${e.name}: ${e.message}`; }

    const cbor = new SB.Switchboard('/ws', { protocol: SB.CBOR_PROTOCOL });
    const json = new SB.Switchboard('/ws');
    const drops = [];
    cbor.on('disconnect', (d) => drops.push(d));
    await Promise.all([connected(cbor), connected(json)]);
    result.maxMessageSize = cbor.maxMessageSize;
    const gotCbor = [], gotJson = [];
    const subC = cbor.subscribe(channel, { onPublication: (p) => gotCbor.push(p) });
    const subJ = json.subscribe(channel, { onPublication: (p) => gotJson.push(p) });
    await Promise.all([subC.ready, subJ.ready]);

    const bytes = new Uint8Array(256).map((_, i) => i);
    const sent = { bytes, text: 'héllo ✓ 😀', n: -42, big: 2 ** 40, f: 1.5, nested: { list: [true, null, 'x'] } };
    result.published = await subC.publish(sent);
    result.fromJson = await subJ.publish({ px: 101.25, qty: 7, name: 'from json' });
    await until(() => gotCbor.length === 2 && gotJson.length === 2);
    const [c1, c2] = gotCbor;
    result.cborGotBytes = c1.data.bytes instanceof Uint8Array && c1.data.bytes.length === 256 && c1.data.bytes.every((b, i) => b === i);
    result.cborData = { ...c1.data, bytes: undefined };
    result.cborInfo = c1.info;
    result.cborClient = cbor.client;
    result.cborFromJson = c2.data;
    result.jsonBase64 = gotJson[0].data.bytes;
    result.expectedBase64 = btoa(String.fromCharCode(...bytes));
    result.offsets = [gotCbor.map((p) => p.offset), gotJson.map((p) => p.offset)];
    const history = await subC.history({ limit: 10 });
    result.historyBytes = history.publications[0].data.bytes instanceof Uint8Array && history.publications[0].data.bytes.length === 256;
    result.presence = (await subC.presence()).clients.map((c) => c.client).sort();
    result.clients = [cbor.client, json.client].sort();
    result.rtt = await cbor.ping();

    // Oversize: refused before sending, the connection stays, the next command works.
    const client = cbor.client;
    try { await subC.publish({ blob: new Uint8Array(cbor.maxMessageSize + 1) }); } catch (e) { result.oversize = e.code; result.oversizeMessage = e.message; }
    result.stateAfter = cbor.state;
    result.sameConnection = cbor.client === client;
    result.afterOversize = await subC.publish({ ok: true });
    // Just under the limit goes through: the client's byte count matches the server's.
    result.nearLimit = await subC.publish({ blob: new Uint8Array(cbor.maxMessageSize - 200) });
    result.drops = [...drops];
    cbor.close();
    json.close();
    return result;
  }, channel);

  check(/^TypeError: unknown protocol "switchboard.v2.msgpack"/.test(out.unknown || ''), `an unknown subprotocol fails in the constructor (${out.unknown})`);
  check(out.maxMessageSize === 65536, `welcome over CBOR announces maxMessageSize ${out.maxMessageSize}`);
  check(out.published.offset === 1 && out.fromJson.offset === 2, 'publish over CBOR and over JSON into one channel get offsets 1 and 2');
  check(out.cborGotBytes, 'a Uint8Array published over CBOR comes back to a CBOR subscriber as the same 256 bytes');
  check(JSON.stringify(out.cborData) === JSON.stringify({ text: 'héllo ✓ 😀', n: -42, big: 2 ** 40, f: 1.5, nested: { list: [true, null, 'x'] } }),
    `the rest of the data survives the server's CBOR encoding (${JSON.stringify(out.cborData)})`);
  check(out.cborInfo && out.cborInfo.client === out.cborClient, 'the publication carries the publisher info');
  check(JSON.stringify(out.cborFromJson) === JSON.stringify({ px: 101.25, qty: 7, name: 'from json' }), 'a JSON client\'s publication reaches the CBOR subscriber intact');
  check(out.jsonBase64 === out.expectedBase64, 'the JSON subscriber gets the bytes as base64 (docs/protocol.md)');
  check(JSON.stringify(out.offsets) === '[[1,2],[1,2]]', 'both subscribers see offsets 1, 2');
  check(out.historyBytes, 'history over CBOR returns the bytes as a Uint8Array');
  check(JSON.stringify(out.presence) === JSON.stringify(out.clients), 'presence over CBOR lists both connections');
  check(typeof out.rtt === 'number', `ping over CBOR (${out.rtt.toFixed(1)} ms)`);
  check(out.oversize === 'message_too_large', `a command over maxMessageSize is refused locally: ${out.oversizeMessage}`);
  check(out.stateAfter === 'connected' && out.sameConnection && out.afterOversize.offset === 3, 'the connection stays up and the next publish works');
  check(out.nearLimit.offset === 4, 'a publish just under the limit is accepted by the server');
  check(out.drops.length === 0, 'no disconnect during all this');
  await context.close();
}

await run('cbor', async (browser) => {
  codecChecks();
  await serverChecks(browser);
});
