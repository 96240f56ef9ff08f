// sb.rpc(method, data) of the client library in a real browser, against a server whose rpc hook points at the
// test's HTTP back end (HookRpcBrowserTest): the reply's data resolves the promise, and the back end's error and
// its failures reject it with the server's error code.
import { run, baseUrl, check } from './lib.mjs';

await run('rpc', async (browser) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await page.goto(new URL('switchboard.js', baseUrl).toString());
  const out = await page.evaluate(async () => {
    const SB = await import('/switchboard.js');
    const sb = new SB.Switchboard('/ws');
    await new Promise((resolve) => { const off = sb.on('connect', () => { off(); resolve(); }); });
    const result = { client: sb.client };
    result.echo = await sb.rpc('echo', { n: 7, text: 'héllo' });
    result.nothing = await sb.rpc('nothing');
    const codeOf = async (p) => { try { await p; return 'resolved'; } catch (e) { return e.code + ':' + e.message; } };
    result.refused = await codeOf(sb.rpc('refuse'));
    result.slow = await codeOf(sb.rpc('slow'));
    result.broken = await codeOf(sb.rpc('fail'));
    result.after = await sb.rpc('echo', 1);
    sb.close();
    return result;
  });
  check(out.echo.echo.n === 7 && out.echo.echo.text === 'héllo', 'rpc resolves to the back end\'s data');
  check(out.echo.client === out.client, 'the back end is told which connection calls');
  check(out.nothing === null, 'a reply without data resolves to null');
  check(out.refused === 'backend_refused:unknown method', 'the back end\'s error rejects with backend_refused and its message: ' + out.refused);
  check(out.slow.startsWith('backend_unavailable:'), 'a back end that times out rejects with backend_unavailable: ' + out.slow);
  check(out.broken.startsWith('backend_unavailable:'), 'a back end that fails rejects with backend_unavailable: ' + out.broken);
  check(out.after.echo === 1, 'the connection keeps working after failed calls');
  await context.close();
});
