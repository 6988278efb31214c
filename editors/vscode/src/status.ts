// The status-bar item: idle, running with the job's progress, or how the
// last investigation ended. Clicking it cancels a running job, else opens
// the report (after a failure) or investigates the test at the cursor.
import * as vscode from 'vscode';

export type State = 'idle' | 'running' | 'failure' | 'passed' | 'error';

export class Status implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('sleuth.status', vscode.StatusBarAlignment.Left, 10);
  // running maps a progress token to its title and last report.
  private readonly running = new Map<string, { title: string; message?: string }>();
  state: State = 'idle';
  last = '';

  constructor() {
    this.item.name = 'sleuth';
    this.show();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : '';
  }

  // tokens are the progress tokens of the running jobs.
  tokens(): string[] {
    return [...this.running.keys()];
  }

  begin(token: string, title: string): void {
    this.running.set(token, { title });
    this.show();
  }

  report(token: string, message: string): void {
    const job = this.running.get(token);
    if (job) {
      job.message = message;
      this.show();
    }
  }

  // end records how a job ended: the summary is "kind: message" for a
  // failure, "passed: …", "failed: …" (the job's own error) or "canceled".
  end(token: string, summary: string): void {
    this.running.delete(token);
    if (summary === 'canceled') {
      this.state = 'idle';
    } else if (summary.startsWith('passed')) {
      this.state = 'passed';
    } else if (summary.startsWith('failed')) {
      this.state = 'error';
    } else {
      this.state = 'failure';
    }
    this.last = summary;
    this.show();
  }

  clear(): void {
    this.state = 'idle';
    this.last = '';
    this.show();
  }

  private show(): void {
    const it = this.item;
    it.backgroundColor = undefined;
    const [job] = this.running.values();
    if (job) {
      it.text = `$(sync~spin) sleuth: ${job.message ?? 'starting…'}`;
      it.tooltip = `${job.title}: click to cancel`;
      it.command = 'sleuth.cancel';
      return;
    }
    const kind = this.last.split(':')[0];
    switch (this.state) {
      case 'failure':
        it.text = `$(bug) sleuth: ${kind}`;
        it.tooltip = `${this.last}\nClick to show the report`;
        it.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        it.command = 'sleuth.openReport';
        break;
      case 'passed':
        it.text = '$(pass) sleuth: passed';
        it.tooltip = 'Nothing failed in the last run';
        it.command = 'sleuth.investigateTest';
        break;
      case 'error':
        it.text = '$(warning) sleuth: failed';
        it.tooltip = this.last;
        it.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        it.command = 'sleuth.investigateTest';
        break;
      default:
        it.text = '$(search) sleuth';
        it.tooltip = 'sleuth: click to investigate the test at the cursor';
        it.command = 'sleuth.investigateTest';
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
