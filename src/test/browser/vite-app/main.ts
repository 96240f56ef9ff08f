// A small app as users write one: the client installed from the packed tarball (npm pack of clients/js),
// imported by its package name, type-checked against its .d.ts and bundled by Vite. Query parameters:
// ?server=ws://host:port/ws&channel=NAME. It writes what it saw into #result as JSON and "done" into #status.
import {
  CBOR_PROTOCOL, Switchboard, SwitchboardError, VERSION,
  type Publication, type SubscribedInfo,
} from '@switchboard/client';

type Note = { text: string; bytes?: Uint8Array };

const params = new URLSearchParams(location.search);
const server = params.get('server') ?? '/ws';
const channel = params.get('channel') ?? 'app:notes';
const out: Record<string, unknown> = { version: VERSION };

function show(status: string): void {
  document.getElementById('result')!.textContent = JSON.stringify(out);
  document.getElementById('status')!.textContent = status;
}

async function until(cond: () => boolean, ms = 10000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const json = new Switchboard(server);
  const cbor = new Switchboard(server, { protocol: CBOR_PROTOCOL });
  const got: Publication<Note>[] = [];
  const sub = cbor.subscribe<Note>(channel, { onPublication: (p) => { got.push(p); } });
  const info: SubscribedInfo = await sub.ready;
  out.subscribedOffset = info.offset;
  out.published = (await json.publish<Note>(channel, { text: 'hello from a Vite build' })).offset;
  out.publishedBytes = (await sub.publish({ text: 'bytes', bytes: new Uint8Array([1, 2, 3]) })).offset;
  await until(() => got.length === 2);
  out.received = got.map((p) => p.data.text);
  out.bytes = Array.from(got[1].data.bytes ?? []);
  out.serverVersion = json.serverVersion;
  out.maxMessageSize = json.maxMessageSize;
  try {
    await json.publish(channel, 'x'.repeat((json.maxMessageSize ?? 0) + 1));
  } catch (e) {
    out.tooLarge = e instanceof SwitchboardError ? e.code : String(e);
  }
  out.stillConnected = json.state === 'connected';
  json.close();
  cbor.close();
  show('done');
}

/** Never called: lines the compiler must refuse, proving the types are real and not `any`. */
export function typeChecks(sb: Switchboard): void {
  // @ts-expect-error: the subprotocol is one of two strings
  new Switchboard('/ws', { protocol: 42 });
  // @ts-expect-error: publish needs a channel and data
  sb.publish();
  // @ts-expect-error: no such event
  sb.on('no-such-event', () => {});
}

main().catch((e) => {
  out.error = String(e && (e as Error).stack || e);
  show('failed');
});
