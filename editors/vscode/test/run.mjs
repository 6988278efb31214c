// Runs the VS Code tests in the real workbench: code-server (VS Code 1.139)
// driven by Debian's Chromium through playwright-core. Called by
// scripts/editors.sh, which installs everything and sets:
//
//   CODE_SERVER   the code-server binary
//   SLEUTH_BIN    the sleuth binary (the server under test)
//   SLEUTH_APP    a scratch copy of editors/testdata/app (the workspace)
//   SLEUTH_WORK   a scratch directory for profiles, logs and results
//   SLEUTH_SHOTS  where the UI test saves its screenshots
//   SLEUTH_VSIX   the packaged extension (ui mode)
//
// node test/run.mjs host: the extension-host suite (test/suite/index.js)
// runs inside VS Code with the real `vscode` API, loaded through the
// workbench's payload (extensionDevelopmentPath, extensionTestsPath), which
// code-server honours only with --vscode-option enable-smoke-test-driver.
//
// node test/run.mjs ui: the installed .vsix, driven like a user: open the
// test file, click the "sleuth: Investigate" lens, open the crash file, wait
// for the squiggle and the inline value, hover the crash line, open the
// quick fixes; screenshots along the way.
//
// Exits 0 only when every check passed. code-server runs in its own process
// group, killed at the end (scripts/editors.sh also kills the whole session).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const extDir = path.resolve(here, '..');
const mode = process.argv[2];
const env = (name) => {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set`);
  }
  return v;
};
const work = path.join(env('SLEUTH_WORK'), mode);
const app = env('SLEUTH_APP');
const codeServer = env('CODE_SERVER');
const log = (...a) => console.log(`[vscode ${mode}]`, ...a);

const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitHTTP(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) {
        return;
      }
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${url} within ${ms / 1000} s`);
}

function settings() {
  return {
    'sleuth.path': env('SLEUTH_BIN'),
    'sleuth.features.model': false,
    'sleuth.timeout': '90s',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    'chat.disableAIFeatures': true,
    'editor.inlayHints.enabled': 'on',
    'editor.hover.delay': 200,
    'editor.hover.above': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.layoutControl.enabled': false,
    'editor.minimap.enabled': false,
    'window.commandCenter': false,
    'files.autoSave': 'off',
  };
}

// startCodeServer starts code-server on a free loopback port in a process
// group of its own and returns it with its base URL.
async function startCodeServer(extra, envExtra) {
  const user = path.join(work, 'user');
  const exts = path.join(work, 'extensions');
  fs.mkdirSync(path.join(user, 'User'), { recursive: true });
  fs.mkdirSync(exts, { recursive: true });
  fs.writeFileSync(path.join(user, 'User', 'settings.json'), JSON.stringify(settings(), null, 2));
  const config = path.join(work, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const common = ['--config', config, '--user-data-dir', user, '--extensions-dir', exts];
  if (process.env.SLEUTH_VSIX && mode === 'ui') {
    const r = spawnSync(codeServer, [...common, '--install-extension', process.env.SLEUTH_VSIX], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, XDG_DATA_HOME: path.join(work, 'xdg-data'), XDG_CONFIG_HOME: path.join(work, 'xdg-config') },
    });
    if (r.status !== 0 || !/was successfully installed/.test(r.stdout + r.stderr)) {
      throw new Error(`installing the .vsix failed:\n${r.stdout}${r.stderr}`);
    }
  }
  const port = await freePort();
  const out = fs.openSync(path.join(work, 'code-server.log'), 'w');
  const cs = spawn(
    codeServer,
    [
      ...common,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...extra,
    ],
    {
      detached: true,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        ...envExtra,
        XDG_DATA_HOME: path.join(work, 'xdg-data'),
        XDG_CONFIG_HOME: path.join(work, 'xdg-config'),
      },
    },
  );
  const base = `http://127.0.0.1:${port}`;
  await waitHTTP(`${base}/healthz`, 60_000);
  return { cs, base };
}

function stop(cs) {
  if (!cs || cs.exitCode !== null) {
    return;
  }
  try {
    process.kill(-cs.pid, 'SIGTERM');
  } catch {
    // gone
  }
}

async function browser() {
  const profile = path.join(work, 'chromium');
  fs.mkdirSync(profile, { recursive: true });
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1280, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  return ctx;
}

// host runs the extension-host suite and returns the failed checks' count.
async function host(page, base) {
  const results = path.join(work, 'results.json');
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${new URL(base).host}${extDir}`],
    ['extensionTestsPath', `vscode-remote://${new URL(base).host}${path.join(extDir, 'test', 'suite', 'index.js')}`],
  ];
  const url = `${base}/?folder=${encodeURIComponent(app)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  const end = Date.now() + 300_000;
  while (!fs.existsSync(results)) {
    if (Date.now() > end) {
      throw new Error('the extension-host suite wrote no results within 300 s');
    }
    await sleep(250);
  }
  const list = JSON.parse(fs.readFileSync(results, 'utf8'));
  let failed = 0;
  for (const r of list) {
    if (r.ok) {
      log(`ok   ${r.name}`);
    } else {
      failed++;
      log(`FAIL ${r.name}${r.detail ? `: ${r.detail}` : ''}`);
    }
  }
  return list.length > 1 ? failed : failed + 1;
}

async function main() {
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  let cs;
  let ctx;
  let failed = 1;
  try {
    const started = await startCodeServer(
      mode === 'host' ? ['--vscode-option', 'enable-smoke-test-driver'] : [],
      { SLEUTH_TEST_RESULTS: path.join(work, 'results.json') },
    );
    cs = started.cs;
    ctx = await browser();
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const console = fs.createWriteStream(path.join(work, 'browser.log'));
    page.on('console', (m) => console.write(`${m.type()}: ${m.text()}\n`));
    page.on('pageerror', (e) => console.write(`pageerror: ${e.message}\n`));
    if (mode === 'host') {
      failed = await host(page, started.base);
    } else if (mode === 'ui') {
      const { ui } = await import('./ui.mjs');
      failed = await ui(page, started.base, { app, shots: env('SLEUTH_SHOTS'), work, log });
    } else {
      throw new Error(`mode ${mode}: want host or ui`);
    }
  } catch (e) {
    log(`FAIL ${e.stack ?? e}`);
    failed++;
  } finally {
    await ctx?.close().catch(() => {});
    stop(cs);
  }
  if (failed) {
    log(`FAIL: ${failed} checks; logs in ${work}`);
  }
  process.exit(failed ? 1 : 0);
}

await main();
