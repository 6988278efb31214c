// Finding the sleuth binary: the setting sleuth.path, else PATH, else GOBIN
// (or the first GOPATH's bin); when it is nowhere, an offer to go install it.
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const installPath = 'github.com/sleuth-dev/sleuth/cmd/sleuth@latest';

const exe = process.platform === 'win32' ? 'sleuth.exe' : 'sleuth';

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && executable(path.join(dir, name))) {
      return path.join(dir, name);
    }
  }
  return undefined;
}

// goEnv runs `go env` for the variables; empty when go is missing.
function goEnv(...names: string[]): Promise<string[]> {
  return new Promise((resolve) => {
    cp.execFile('go', ['env', ...names], { timeout: 10_000 }, (err, stdout) => {
      resolve(err ? [] : stdout.split('\n').map((l) => l.trim()));
    });
  });
}

// goBin is where go install puts binaries.
async function goBin(): Promise<string | undefined> {
  if (process.env.GOBIN) {
    return process.env.GOBIN;
  }
  const [gobin, gopath] = await goEnv('GOBIN', 'GOPATH');
  if (gobin) {
    return gobin;
  }
  const first = (gopath || process.env.GOPATH || '').split(path.delimiter)[0];
  return first ? path.join(first, 'bin') : undefined;
}

// find returns the server binary, or undefined with the reason.
export async function find(): Promise<{ path?: string; reason: string }> {
  const setting = vscode.workspace.getConfiguration('sleuth').get<string>('path', '').trim();
  if (setting) {
    const p = expandHome(setting);
    const found = p.includes('/') || p.includes('\\') ? (executable(p) ? p : undefined) : onPath(p);
    return found ? { path: found, reason: '' } : { reason: `sleuth.path is "${setting}", which is not an executable file` };
  }
  const fromPath = onPath(exe);
  if (fromPath) {
    return { path: fromPath, reason: '' };
  }
  const bin = await goBin();
  if (bin && executable(path.join(bin, exe))) {
    return { path: path.join(bin, exe), reason: '' };
  }
  return { reason: 'the sleuth binary is not on PATH nor in GOBIN' };
}

// offerInstall asks to go install sleuth and reports whether it did.
export async function offerInstall(reason: string): Promise<boolean> {
  const install = 'Install with go install';
  const configure = 'Set sleuth.path';
  const pick = await vscode.window.showWarningMessage(`sleuth: ${reason}.`, install, configure);
  if (pick === configure) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'sleuth.path');
    return false;
  }
  if (pick !== install) {
    return false;
  }
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `sleuth: go install ${installPath}` },
    () =>
      new Promise<boolean>((resolve) => {
        cp.execFile('go', ['install', installPath], { timeout: 10 * 60_000 }, (err, _stdout, stderr) => {
          if (err) {
            const why = (stderr || err.message).trim().split('\n').slice(-3).join(' ');
            void vscode.window.showErrorMessage(`sleuth: go install failed: ${why}`);
          }
          resolve(!err);
        });
      }),
  );
}
