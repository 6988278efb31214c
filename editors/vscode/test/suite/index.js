// Extension-host tests: they run inside VS Code (code-server started by
// test/run.mjs with the payload extensionTestsPath) with the real `vscode`
// API, the extension under development and the real `sleuth serve`, on a
// copy of editors/testdata/app opened as the workspace. Each check is
// written to $SLEUTH_TEST_RESULTS as JSON; run.mjs reads it and decides.
// Lines are found by their marker comments.
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const results = [];

function check(name, ok, detail) {
  results.push({ name, ok: !!ok, detail: ok ? undefined : String(detail ?? '') });
  return !!ok;
}

function need(name, ok, detail) {
  if (!check(name, ok, detail)) {
    throw new Error(`stopping: ${name}`);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// until polls fn (which may be async) until it returns something truthy.
async function until(ms, fn) {
  const end = Date.now() + ms;
  for (;;) {
    let v;
    try {
      v = await fn();
    } catch {
      v = undefined;
    }
    if (v || Date.now() > end) {
      return v;
    }
    await sleep(100);
  }
}

function line(file, marker) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`// ${marker}`));
  assert.ok(i >= 0, `no marker ${marker} in ${file}`);
  return i;
}

function diags(uri, severity) {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'sleuth' && (severity === undefined || d.severity === severity));
}

function hoverText(hovers) {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

function label(hint) {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

async function clear(api, uri) {
  await vscode.commands.executeCommand('sleuth.clearResults');
  need('cleared', await until(15000, () => diags(uri).length === 0 && api.status.tokens().length === 0));
}

async function tests() {
  const app = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const testGo = path.join(app, 'app_test.go');
  const handlerGo = path.join(app, 'handler.go');
  const testUri = vscode.Uri.file(testGo);
  const handlerUri = vscode.Uri.file(handlerGo);
  const crash = line(handlerGo, 'CRASH');

  const ed = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(testUri));
  const ext = vscode.extensions.getExtension('sleuth-dev.sleuth');
  need('the extension is installed', ext);
  const api = await ext.activate();
  need('the server starts', await until(30000, () => api.client()?.isRunning()), api.status.tooltip);
  const commands = await vscode.commands.getCommands(true);
  for (const c of ['sleuth.investigateTest', 'sleuth.investigatePackage', 'sleuth.explainClipboard', 'sleuth.openReport', 'sleuth.rerunLast', 'sleuth.clearResults']) {
    check(`command ${c}`, commands.includes(c));
  }
  check('the status bar is idle', api.status.state === 'idle' && api.status.text.includes('sleuth'), api.status.text);

  const lenses = await until(15000, async () => {
    const all = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', testUri);
    return all?.find((l) => l.command?.title === 'sleuth: Investigate');
  });
  check('a code lens "sleuth: Investigate" above the test', lenses);
  // Settings reach the server: without code lenses, none.
  await vscode.workspace.getConfiguration('sleuth').update('features.codeLens', false, vscode.ConfigurationTarget.Global);
  check('settings changes reach the server (features.codeLens off)', await until(15000, async () => {
    const all = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', testUri);
    return !all?.some((l) => l.command?.title === 'sleuth: Investigate');
  }));
  await vscode.workspace.getConfiguration('sleuth').update('features.codeLens', undefined, vscode.ConfigurationTarget.Global);
  await until(15000, async () => {
    const all = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', testUri);
    return all?.some((l) => l.command?.title === 'sleuth: Investigate');
  });

  // Investigate test at cursor.
  const inside = line(testGo, 'INSIDE');
  ed.selection = new vscode.Selection(inside, 2, inside, 2);
  const running = until(30000, () => api.status.text.includes('$(sync~spin)') && api.status.text);
  await vscode.commands.executeCommand('sleuth.investigateTest');
  check('the status bar shows the running job', await running, api.status.text);
  need('diagnostics from sleuth at the crash line', await until(120000, () => diags(handlerUri, vscode.DiagnosticSeverity.Error).length > 0), api.status.tooltip);
  const err = diags(handlerUri, vscode.DiagnosticSeverity.Error)[0];
  check('the error is on the crash line', err.range.start.line === crash, `line ${err.range.start.line + 1}, want ${crash + 1}`);
  check('the error says p is nil and names the test', /p is nil/.test(err.message) && /TestGreet/.test(err.message), err.message);
  check('a warning at the suspect', diags(handlerUri, vscode.DiagnosticSeverity.Warning).length > 0);
  check('related information links the suspects', (err.relatedInformation ?? []).some((r) => /suspect #1/.test(r.message)), JSON.stringify(err.relatedInformation));

  // The crash file, opened (code actions need its model in the workbench).
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(handlerUri));
  const col = fs.readFileSync(handlerGo, 'utf8').split('\n')[crash].indexOf('p.Name');
  const hover = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', handlerUri, new vscode.Position(crash, col)));
  check('hover on the crash line names the failure', /sleuth: nil-deref in TestGreet/.test(hover), hover);
  check('hover on the crash line has the values', hover.includes('Values at the failure') && hover.includes('`nil`'), hover);
  const hints = await until(10000, async () => {
    const all = await vscode.commands.executeCommand('vscode.executeInlayHintProvider', handlerUri, new vscode.Range(0, 0, crash + 5, 0));
    return all?.find((h) => h.position.line === crash && label(h).includes('p = nil'));
  });
  check('an inlay hint with the value at the crash line', hints);

  // Code actions at the error: VS Code passes the diagnostics the range
  // touches. The crash file must be open in an editor.
  const actions = async () => {
    const d = diags(handlerUri, vscode.DiagnosticSeverity.Error)[0];
    const range = d ? d.range : new vscode.Range(crash, 0, crash, 0);
    return (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', handlerUri, range)) ?? [];
  };
  const titles = (list) => list.map((a) => a.title);
  const basic = await until(15000, async () => {
    const list = await actions();
    return ['sleuth: Explain this failure', 'sleuth: Re-run', 'sleuth: Clear results'].every((t) => titles(list).includes(t)) && list;
  });
  check('code actions: explain, re-run, clear', basic, titles(await actions()));
  // The fixes follow the diagnostics once verified.
  const preferred = async () => (await actions()).find((a) => a.isPreferred && a.edit && a.kind?.value === 'quickfix');
  const fix = await until(120000, preferred);
  check('a preferred quickfix for the verified fix', fix, titles(await actions()));
  check('the status bar shows the failure', await until(120000, () => api.status.state === 'failure'), api.status.text);
  check('the status bar says nil-deref', /nil-deref/.test(api.status.text), api.status.text);

  // Show report: a Markdown preview.
  const reportTab = () =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /sleuth-report-\d+\.md/.test(t.label) && t.input instanceof vscode.TabInputWebview);
  await vscode.commands.executeCommand('sleuth.openReport');
  check('Show report opens a Markdown preview', await until(20000, reportTab), vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label));
  // The code action "Explain this failure" does the same (through the
  // server's window/showDocument).
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const explain = basic && basic.find((a) => a.title === 'sleuth: Explain this failure');
  if (explain) {
    await vscode.commands.executeCommand(explain.command.command, ...(explain.command.arguments ?? []));
  }
  check('the code action "Explain this failure" opens the preview', await until(20000, reportTab));
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');

  await vscode.commands.executeCommand('sleuth.clearResults');
  check('Clear removes the diagnostics', await until(15000, () => diags(handlerUri).length === 0));
  check('Clear resets the status bar', api.status.state === 'idle', api.status.text);

  await vscode.commands.executeCommand('sleuth.rerunLast');
  check('Re-run last runs it again', await until(120000, () => diags(handlerUri, vscode.DiagnosticSeverity.Error).some((d) => /p is nil/.test(d.message))));
  check('the re-run ends', await until(120000, () => api.status.tokens().length === 0), api.status.text);
  await clear(api, handlerUri);

  // A panic from the clipboard, mapped onto the workspace.
  const trace = [
    'panic: runtime error: invalid memory address or nil pointer dereference',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]',
    '',
    'goroutine 1 [running]:',
    'example.com/app.Greet(0x2a)',
    `\t/home/ci/go/src/example.com/app/handler.go:${crash + 1} +0x1d`,
    'example.com/app.TestGreet(0xc000003340)',
    `\t/home/ci/go/src/example.com/app/app_test.go:${line(testGo, 'CALL') + 1} +0x25`,
  ].join('\n');
  await vscode.env.clipboard.writeText(trace);
  const pasted = await vscode.env.clipboard.readText();
  check('the clipboard holds the trace', pasted === trace, JSON.stringify(pasted.slice(0, 80)));
  await vscode.commands.executeCommand('sleuth.explainClipboard');
  check('Explain panic from clipboard maps it onto the crash line', await until(30000, () =>
    diags(handlerUri, vscode.DiagnosticSeverity.Error).some((d) => d.range.start.line === crash)));
  await until(30000, () => api.status.tokens().length === 0);
  await clear(api, handlerUri);

  // Investigate package, then apply the verified fix: the test passes.
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(testUri));
  await vscode.commands.executeCommand('sleuth.investigatePackage');
  check('Investigate package', await until(120000, () => diags(handlerUri, vscode.DiagnosticSeverity.Error).length > 0));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(handlerUri));
  const fix2 = await until(120000, preferred);
  need('the package run offers the verified fix', fix2, titles(await actions()));
  await until(120000, () => api.status.tokens().length === 0);
  need('the fix applies', await vscode.workspace.applyEdit(fix2.edit));
  const doc = await vscode.workspace.openTextDocument(handlerUri);
  check('the fixed file guards p', /if p == nil/.test(doc.getText()), doc.getText());
  await doc.save();
  await vscode.commands.executeCommand('sleuth.rerunLast');
  check('after the fix the re-run passes', await until(120000, () => api.status.state === 'passed'), api.status.text);
  check('and no sleuth diagnostics are left', diags(handlerUri).length === 0, JSON.stringify(diags(handlerUri).map((d) => d.message)));
}

exports.run = async function run() {
  const out = process.env.SLEUTH_TEST_RESULTS;
  const started = Date.now();
  try {
    await tests();
  } catch (e) {
    results.push({ name: 'suite', ok: false, detail: e && e.stack ? e.stack : String(e) });
  }
  results.push({ name: `done in ${((Date.now() - started) / 1000).toFixed(1)} s`, ok: true });
  fs.writeFileSync(`${out}.tmp`, JSON.stringify(results, null, 1));
  fs.renameSync(`${out}.tmp`, out);
};
