// Fossil deltas in the JS client: first under Node, the client's own decoder (applyFossilDelta) against deltas
// made by the npm package fossil-delta; then in Chromium against the real server (namespace ticker: delta=true):
// a delta subscriber's onPublication sees exactly what a plain subscriber of the same channel sees, with most
// publications arriving as deltas; and a client whose frames are tampered with in transit (a delta's base offset
// changed, a delta's bytes changed) never delivers a wrong state: it resubscribes and still delivers every
// publication once, equal to the plain subscriber's.
import { run, baseUrl, check, uniqueRoom, screenshotChecks } from './lib.mjs';
import { createStringDelta } from 'fossil-delta';
import { applyFossilDelta } from '../../../clients/js/src/switchboard.js';

// ---- the decoder against npm's encoder ----
function state(seed, tick) {
  const players = [];
  for (let i = 0; i < 24; i++) {
    const r = (seed * 31 + i * 17 + tick * (i % 3 === 0 ? 1 : 0)) % 10000;
    players.push({ id: `player-${i}`, x: r, y: (r * 7) % 10000, hp: 100 - (tick % 7), team: i % 2 ? 'blue' : 'red' });
  }
  return JSON.stringify({ tick, players });
}
let agreed = 0;
for (let t = 0; t < 200; t++) {
  const base = state(t, t), target = state(t, t + 1 + (t % 4));
  const delta = createStringDelta(base, target);
  if (applyFossilDelta(base, delta) !== target) throw new Error(`client decoder disagrees with fossil-delta at ${t}`);
  let refused = false;
  try { applyFossilDelta(state(t + 1, t), delta); } catch { refused = true; }
  if (!refused && state(t + 1, t) !== base) throw new Error(`a delta was applied to a wrong base at ${t}`);
  agreed++;
}
check(agreed === 200, 'applyFossilDelta reproduces 200 targets from fossil-delta (npm) deltas and refuses wrong bases');

await run('delta', async (browser) => {
  const channel = `ticker:${uniqueRoom('delta')}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await page.goto(new URL('switchboard.js', baseUrl).toString());
  const result = await page.evaluate(async (channel) => {
    const SB = await import('/switchboard.js');
    const until = async (cond, ms = 30000) => {
      const end = performance.now() + ms;
      while (!cond()) { if (performance.now() > end) throw new Error('timed out waiting for ' + cond); await new Promise((r) => setTimeout(r, 20)); }
    };
    // A WebSocket that spoils two delta frames on their way to the client: one's base offset, one's bytes.
    let deltasSeen = 0;
    const tamper = (text) => {
      const f = JSON.parse(text);
      if (f.type !== 'publication' || !f.delta) return text;
      deltasSeen++;
      if (deltasSeen === 10) f.base -= 1;
      if (deltasSeen === 40) {
        const at = f.data.indexOf(':', f.data.indexOf('\n')) + 1; // first byte of the first literal
        f.data = f.data.slice(0, at) + (f.data[at] === '7' ? '8' : '7') + f.data.slice(at + 1);
      }
      return JSON.stringify(f);
    };
    class TamperingSocket extends WebSocket {
      set onmessage(fn) { super.onmessage = fn ? (ev) => fn({ data: tamper(ev.data) }) : null; }
      get onmessage() { return super.onmessage; }
    }
    const plainSb = new SB.Switchboard('/ws');
    const deltaSb = new SB.Switchboard('/ws');
    const tamperedSb = new SB.Switchboard('/ws', { WebSocket: TamperingSocket });
    const got = { plain: [], delta: [], tampered: [] };
    const record = (list) => (p) => list.push({ offset: p.offset, json: JSON.stringify(p.data), delta: 'delta' in p });
    const plain = plainSb.subscribe(channel, { onPublication: record(got.plain) });
    const delta = deltaSb.subscribe(channel, { delta: 'fossil', onPublication: record(got.delta) });
    const tampered = tamperedSb.subscribe(channel, { delta: 'fossil', onPublication: record(got.tampered) });
    const replies = await Promise.all([plain.ready, delta.ready, tampered.ready]);
    const N = 200;
    const players = Array.from({ length: 24 }, (_, i) => ({ id: `player-${i}`, name: `Player ${i} \u00e9`, x: i * 411 % 10000, y: i * 733 % 10000, hp: 100, team: i % 2 ? 'blue' : 'red' }));
    for (let tick = 1; tick <= N; tick++) {
      const p = players[tick % players.length];
      p.x += 3; p.y -= 2; p.hp = Math.max(0, p.hp - 1);
      await plainSb.publish(channel, { tick, map: 'docks', players });
    }
    await until(() => got.plain.length >= N && got.delta.length >= N && got.tampered.length >= N);
    return { got, deltaStats: delta.deltaStats, tamperedStats: tampered.deltaStats, deltasSeen, replyDelta: replies.map((r) => r) };
  }, channel);

  const { got, deltaStats, tamperedStats } = result;
  const offsets = (list) => list.map((x) => x.offset).join(',');
  check(got.plain.length === 200 && got.delta.length === 200, 'both subscribers got all 200 publications');
  check(offsets(got.delta) === offsets(got.plain), 'the delta subscriber got the same offsets, in order');
  check(got.delta.every((x, i) => x.json === got.plain[i].json), 'and exactly the same data, rebuilt from deltas');
  check(got.delta.every((x) => !x.delta), 'onPublication never sees delta fields');
  check(deltaStats.deltas >= 190 && deltaStats.wholes >= 1, `most came as deltas (${deltaStats.deltas} deltas, ${deltaStats.wholes} whole)`);
  check(deltaStats.receivedBytes * 5 < deltaStats.wholeBytes, `deltas carried ${deltaStats.receivedBytes} of ${deltaStats.wholeBytes} characters`);
  check(tamperedStats.resyncs === 2, `both spoiled deltas were refused and the client resubscribed (${tamperedStats.resyncs} resyncs)`);
  check(offsets(got.tampered) === offsets(got.plain), 'the tampered client still delivered every publication once, in order');
  check(got.tampered.every((x, i) => x.json === got.plain[i].json), 'and never a wrong state');
  await screenshotChecks(page, 'delta', 'Fossil deltas in the JS client');
});
