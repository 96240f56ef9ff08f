// The JS client as users consume it: `npm pack` of clients/js, the tarball installed into a small Vite app
// (vite-app/: TypeScript importing '@switchboard/client'), type-checked with tsc against the package's .d.ts,
// built with Vite, and the built page driven in chromium against the server under test (JSON and CBOR, bytes in
// data, an oversize command refused locally). Work files go to target/client-package/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { run, baseUrl, check, screenshot, uniqueRoom } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const packageDir = path.join(repo, 'clients', 'js');
const work = path.join(repo, 'target', 'client-package');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function sh(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Serves a directory over HTTP on a free port (the built app, as any static host would). */
function serve(dir) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };
  const server = http.createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/\/$/, '/index.html'));
    if (!file.startsWith(dir) || !fs.existsSync(file)) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, 'localhost', () => resolve({ url: `http://localhost:${server.address().port}/`, close: () => server.close() })));
}

await run('package', async (browser) => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });

  // ---- npm pack: what a registry or a file: dependency would hand out ----
  const [packed] = JSON.parse(sh(npm, ['pack', packageDir, '--pack-destination', work, '--json'], work));
  const files = packed.files.map((f) => f.path).sort();
  check(JSON.stringify(files) === JSON.stringify(['README.md', 'package.json', 'src/switchboard.d.ts', 'src/switchboard.js']),
    `the tarball ${packed.filename} holds the module, its types, README and package.json only (${files.join(', ')})`);
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  check(manifest.version === packed.version && !manifest.dependencies, `version ${packed.version}, no dependencies`);

  // ---- install the tarball into a fresh copy of the app, as `npm install <tarball>` does for a user ----
  const app = path.join(work, 'app');
  fs.cpSync(path.join(here, 'vite-app'), app, { recursive: true });
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'vite-app', private: true, type: 'module' }, null, 2));
  sh(npm, ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', path.join(work, packed.filename)], app); // a file tarball without dependencies: no registry needed
  const installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', '@switchboard', 'client', 'package.json'), 'utf8'));
  check(installed.version === manifest.version, `npm installed @switchboard/client ${installed.version} from the tarball`);

  // ---- the types: tsc (strict) resolves the package's .d.ts through its `exports` ----
  const tsc = path.join(here, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    sh(process.execPath, [tsc, '-p', path.join(app, 'tsconfig.json')], app);
  } catch (e) {
    throw new Error(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
  check(true, 'the app type-checks against the package\'s .d.ts (strict, and the @ts-expect-error lines are refused)');

  // ---- vite build ----
  await build({ root: app, logLevel: 'warn', configFile: false, build: { outDir: path.join(app, 'dist'), emptyOutDir: true } });
  const assets = fs.readdirSync(path.join(app, 'dist', 'assets')).filter((f) => f.endsWith('.js'));
  const bundle = assets.map((f) => fs.readFileSync(path.join(app, 'dist', 'assets', f), 'utf8')).join('\n');
  check(assets.length === 1 && bundle.includes('switchboard.v1.cbor') && !bundle.includes('/switchboard.js'),
    `vite bundled the client into ${assets.join(', ')} (${Math.round(bundle.length / 1024)} KB), no request to /switchboard.js`);

  // ---- the built page in chromium, against the server ----
  const site = await serve(path.join(app, 'dist'));
  try {
    const ws = new URL('ws', baseUrl);
    ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
    const channel = uniqueRoom('pkg');
    const context = await browser.newContext();
    const page = await context.newPage();
    const logged = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') logged.push(m.text()); });
    page.on('pageerror', (e) => logged.push(e.message));
    await page.goto(`${site.url}?server=${encodeURIComponent(ws)}&channel=${channel}`);
    await page.waitForFunction(() => ['done', 'failed'].includes(document.getElementById('status').textContent), null, { timeout: 30000 });
    const out = JSON.parse(await page.$eval('#result', (e) => e.textContent));
    check(!out.error, `the app ran${out.error ? ': ' + out.error : ''}`);
    check(out.version === manifest.version && out.serverVersion === manifest.version,
      `package VERSION ${out.version} matches the server's version ${out.serverVersion}`);
    check(out.subscribedOffset === 0 && out.published === 1 && out.publishedBytes === 2, 'subscribe (CBOR) and publish (JSON and CBOR) work');
    check(JSON.stringify(out.received) === '["hello from a Vite build","bytes"]' && out.bytes.join() === '1,2,3',
      `the CBOR subscriber received both, bytes as bytes (${JSON.stringify(out.received)}, [${out.bytes}])`);
    check(out.tooLarge === 'message_too_large' && out.stillConnected, `an oversize publish is refused locally (maxMessageSize ${out.maxMessageSize}) and the connection stays`);
    check(logged.length === 0, `no console errors or warnings${logged.length ? ': ' + JSON.stringify(logged) : ''}`);
    await screenshot(page, 'client-package-vite-app');
    await context.close();
  } finally {
    site.close();
  }
}, { deadlineMs: 180000 });
