// The sleuth extension: a thin client of `sleuth serve`. The server does
// the work and publishes diagnostics, hovers, inlay hints, code lenses and
// code actions through vscode-languageclient; the extension finds and starts
// it for Go files, sends its commands with a progress token of its own (for
// the status bar), keeps its settings in sync, and opens the report as a
// Markdown preview.
import * as vscode from 'vscode';
import {
  CodeLensRequest,
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  WorkDoneProgress,
  WorkDoneProgressCancelNotification,
} from 'vscode-languageclient/node';
import { find, offerInstall } from './server';
import { Status } from './status';

// Server commands that run in the background and report progress.
const background = new Set(['sleuth.investigate', 'sleuth.captureHere', 'sleuth.rerun', 'sleuth.explainTrace']);
const reportFile = /sleuth-report-\d+\.md$/;

// API is what activate returns; the tests use it.
export interface API {
  client(): LanguageClient | undefined;
  status: Status;
  ready(): Promise<LanguageClient>;
}

let client: LanguageClient | undefined;
let starting: Promise<LanguageClient | undefined> | undefined;
let status: Status;
let settingKeys: string[] = [];
let nextToken = 0;
// shownReports are the reports the server opened with window/showDocument
// since the last sleuth.showReport was sent: the command's result opens the
// report only when the server did not (a client without showDocument).
const shownReports = new Set<string>();

export function activate(ctx: vscode.ExtensionContext): API {
  status = new Status();
  const props = ctx.extension.packageJSON?.contributes?.configuration?.properties ?? {};
  settingKeys = Object.keys(props)
    .filter((k) => k.startsWith('sleuth.') && k !== 'sleuth.path')
    .map((k) => k.slice('sleuth.'.length));
  const command = (id: string, fn: (...args: any[]) => unknown) =>
    ctx.subscriptions.push(vscode.commands.registerCommand(id, fn));
  command('sleuth.investigateTest', investigateTest);
  command('sleuth.investigatePackage', investigatePackage);
  command('sleuth.explainClipboard', explainClipboard);
  command('sleuth.openReport', () => execute('sleuth.showReport', []));
  command('sleuth.rerunLast', () => execute('sleuth.rerun', []));
  command('sleuth.clearResults', () => execute('sleuth.clear', []));
  command('sleuth.cancel', cancel);
  ctx.subscriptions.push(
    status,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sleuth.path')) {
        void restart();
      } else if (e.affectsConfiguration('sleuth') && client?.isRunning()) {
        // The server pulls the section again (workspace/configuration).
        void client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      }
    }),
    { dispose: () => void client?.stop() },
  );
  starting = start();
  return { client: () => client, status, ready };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

// serverSettings is the "sleuth" section as the user set it (user,
// workspace, folder), nested; what is not set keeps the server's default.
function serverSettings(scope?: vscode.Uri): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration('sleuth', scope);
  const out: Record<string, any> = {};
  for (const key of settingKeys) {
    const i = cfg.inspect(key);
    const v = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (v === undefined) {
      continue;
    }
    const parts = key.split('.');
    let o = out;
    for (const p of parts.slice(0, -1)) {
      o = o[p] ??= {};
    }
    o[parts[parts.length - 1]] = v;
  }
  return out;
}

async function start(): Promise<LanguageClient | undefined> {
  const found = await find();
  if (!found.path) {
    status.end('', `failed: ${found.reason}`);
    if (await offerInstall(found.reason)) {
      return start();
    }
    return undefined;
  }
  // No transport: TransportKind.stdio would append --stdio, which sleuth serve
  // does not take; stdio is the default.
  const serverOptions: ServerOptions = { command: found.path, args: ['serve'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'go' }],
    initializationOptions: serverSettings(),
    outputChannelName: 'sleuth',
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const res = await next(params, token);
          if (!Array.isArray(res)) {
            return res;
          }
          return params.items.map((item, i) =>
            item.section === 'sleuth' ? serverSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined) : res[i],
          );
        },
      },
      // Lenses and code actions carry server commands: they run like ours.
      executeCommand: (command, args) => execute(command, args),
      window: {
        showDocument: async (params, token, next) => {
          if (reportFile.test(params.uri)) {
            shownReports.add(params.uri);
            await openReport(vscode.Uri.parse(params.uri));
            return { success: true };
          }
          return next(params, token);
        },
      },
    },
  };
  const c = new LanguageClient('sleuth', 'sleuth', serverOptions, clientOptions);
  try {
    await c.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`sleuth: could not start ${found.path} serve: ${errorText(e)}`);
    return undefined;
  }
  client = c;
  status.clear();
  return c;
}

async function restart(): Promise<void> {
  const old = client;
  client = undefined;
  await old?.stop();
  starting = start();
  await starting;
}

// ready is the running client, started if need be.
async function ready(): Promise<LanguageClient> {
  const c = client?.isRunning() ? client : await starting;
  if (!c) {
    throw new Error('the sleuth server is not running (see the "sleuth" output)');
  }
  return c;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// execute sends a server command. Background commands carry a progress
// token of ours, followed by the status bar until their end.
async function execute(command: string, args: unknown[]): Promise<unknown> {
  let c: LanguageClient;
  try {
    c = await ready();
  } catch (e) {
    void vscode.window.showErrorMessage(`sleuth: ${errorText(e)}`);
    return undefined;
  }
  let token: string | undefined;
  let sub: vscode.Disposable | undefined;
  if (background.has(command)) {
    token = `sleuth-vscode-${++nextToken}`;
    const t = token;
    sub = c.onProgress(WorkDoneProgress.type, t, (v) => {
      if (v.kind === 'begin') {
        status.begin(t, v.title);
      } else if (v.kind === 'report') {
        status.report(t, v.message ?? '');
      } else {
        status.end(t, v.message ?? '');
        sub?.dispose();
      }
    });
  }
  if (command === 'sleuth.showReport') {
    shownReports.clear();
  }
  try {
    const result: any = await c.sendRequest(ExecuteCommandRequest.type, { command, arguments: args, workDoneToken: token });
    if (command === 'sleuth.clear') {
      status.clear();
    } else if (command === 'sleuth.showReport' && typeof result?.uri === 'string') {
      const uri: string = result.uri;
      setTimeout(() => {
        if (!shownReports.has(uri)) {
          void openReport(vscode.Uri.parse(uri));
        }
      }, 2000);
    }
    return result;
  } catch (e) {
    sub?.dispose();
    void vscode.window.showErrorMessage(`sleuth: ${errorText(e)}`);
    return undefined;
  }
}

async function openReport(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
}

function goEditor(): vscode.TextEditor | undefined {
  const ed = vscode.window.activeTextEditor;
  if (!ed || ed.document.languageId !== 'go' || ed.document.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('sleuth: open a Go file of the package first.');
    return undefined;
  }
  return ed;
}

// investigateTest runs the test whose function holds the cursor (func main
// in a main package), as the server's code lenses place them; no lens above
// the cursor: the package. The file is saved first: the run uses the disk.
async function investigateTest(): Promise<void> {
  const ed = goEditor();
  if (!ed) {
    return;
  }
  if (ed.document.isDirty) {
    await ed.document.save();
  }
  const c = await ready().catch(() => undefined);
  if (!c) {
    return void execute('sleuth.investigate', []);
  }
  const uri = c.code2ProtocolConverter.asUri(ed.document.uri);
  const lenses = (await c.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  const line = ed.selection.active.line;
  let best: (typeof lenses)[number] | undefined;
  for (const l of lenses) {
    if (l.command?.command === 'sleuth.investigate' && l.range.start.line <= line && (!best || l.range.start.line > best.range.start.line)) {
      best = l;
    }
  }
  await execute('sleuth.investigate', best?.command?.arguments ?? [{ uri, run: '.' }]);
}

async function investigatePackage(): Promise<void> {
  const ed = goEditor();
  if (!ed) {
    return;
  }
  if (ed.document.isDirty) {
    await ed.document.save();
  }
  await execute('sleuth.investigate', [{ uri: ed.document.uri.toString(), run: '.' }]);
}

async function explainClipboard(): Promise<void> {
  const text = await vscode.env.clipboard.readText();
  if (!text.trim()) {
    void vscode.window.showWarningMessage('sleuth: the clipboard is empty: copy a panic or goroutine dump first.');
    return;
  }
  const ed = vscode.window.activeTextEditor;
  const folder = (ed && vscode.workspace.getWorkspaceFolder(ed.document.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  await execute('sleuth.explainTrace', [folder ? { text, root: folder.uri.toString() } : { text }]);
}

async function cancel(): Promise<void> {
  const c = client;
  for (const token of status.tokens()) {
    await c?.sendNotification(WorkDoneProgressCancelNotification.type, { token });
  }
}
