// The UI smoke test: the installed .vsix in the real workbench, driven like
// a user through Playwright. Called by run.mjs (mode ui); returns the number
// of failed checks. Screenshots go to opts.shots.
import fs from 'node:fs';
import path from 'node:path';

const timeout = 120_000;

// line is the 1-based line of file holding the marker comment.
function line(file, marker) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`// ${marker}`));
  if (i < 0) {
    throw new Error(`no marker ${marker} in ${file}`);
  }
  return { n: i + 1, text: lines[i] };
}

export async function ui(page, base, { app, shots, work, log }) {
  let failed = 0;
  const check = async (name, fn) => {
    try {
      await fn();
      log(`ok   ${name}`);
      return true;
    } catch (e) {
      failed++;
      log(`FAIL ${name}: ${String(e.message ?? e).split('\n')[0]}`);
      await page.screenshot({ path: path.join(work, `fail-${failed}.png`) }).catch(() => {});
      return false;
    }
  };
  const need = async (name, fn) => {
    if (!(await check(name, fn))) {
      throw new Error(`stopping: ${name}`);
    }
  };
  fs.mkdirSync(shots, { recursive: true });
  const crash = line(path.join(app, 'handler.go'), 'CRASH');
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();

  const open = async (name) => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator(`.tab.active[aria-label*="${name}"]`).waitFor();
    await editor.locator('.view-lines').waitFor();
  };
  // gotoLine goes through Quick Open's ":line:column" (Ctrl+G is not
  // always the workbench's in a browser).
  const gotoLine = async (n, col) => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${n}:${col}`);
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  };

  await page.goto(`${base}/?folder=${encodeURIComponent(app)}`);
  await need('the workbench loads', () => page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 }));
  await need('app_test.go opens', () => open('app_test.go'));
  const lens = editor.locator('.codelens-decoration a', { hasText: 'sleuth: Investigate' }).first();
  await need('the "sleuth: Investigate" code lens appears', () => lens.waitFor({ timeout: 60_000 }));
  await lens.click();
  const status = page.locator('.statusbar-item', { hasText: 'sleuth' }).first();
  await check('the status bar shows the run', () => page.locator('.statusbar-item', { hasText: /sleuth: (building|running|capturing|analyzing|starting)/ }).first().waitFor({ timeout: 30_000 }));

  await need('handler.go opens', () => open('handler.go'));
  await need('the crash line gets a red squiggle', () => editor.locator('.squiggly-error').first().waitFor({ timeout }));
  await check('the status bar says nil-deref', () => page.locator('.statusbar-item', { hasText: 'sleuth: nil-deref' }).first().waitFor({ timeout }));
  const value = editor.locator('.view-lines .view-line', { hasText: 'p = nil' }).first();
  await check('the inline value "p = nil" is drawn at the crash line', () => value.waitFor({ timeout: 30_000 }));
  // Cursor away from the squiggle so the picture shows values, not a hover.
  await gotoLine(crash.n - 3, 1);
  await page.mouse.move(5, 700);
  await page.screenshot({ path: path.join(shots, 'vscode-inline-values.png') });

  // Hover the crash line with the mouse, on `p` of `p.Name`.
  const crashLine = editor.locator('.view-lines .view-line', { hasText: '// CRASH' }).first();
  const hover = page.locator('.monaco-hover:visible', { hasText: 'nil-deref in TestGreet' }).first();
  await check('hovering the crash line shows the failure and the values', async () => {
    const box = await crashLine.boundingBox();
    const col = crash.text.indexOf('p.Name');
    // The crash line's text starts after the tab; measure one character.
    const char = await editor.evaluate((el) => {
      const span = el.querySelector('.view-lines .view-line span span');
      const r = document.createRange();
      r.selectNodeContents(span);
      return r.getBoundingClientRect().width / Math.max(1, span.textContent.length);
    });
    const tabs = crash.text.slice(0, col).split('\t').length - 1;
    const x = box.x + (col - tabs + tabs * 4) * char + char / 2;
    await page.mouse.move(x, box.y + box.height / 2);
    try {
      await hover.waitFor({ timeout: 5000 });
    } catch {
      // The keyboard's "show hover" at the same place.
      await gotoLine(crash.n, col + 1);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await hover.waitFor({ timeout: 10_000 });
    }
    const text = await hover.innerText();
    if (!text.includes('Values at the failure')) {
      throw new Error(`hover without values: ${text.slice(0, 200)}`);
    }
  });
  // The diagnostics come first in the hover: scroll to sleuth's part.
  const widget = await hover.boundingBox().catch(() => null);
  if (widget) {
    await page.mouse.move(widget.x + widget.width / 2, widget.y + widget.height / 2);
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, 60);
      await page.waitForTimeout(80);
    }
    await page.waitForTimeout(200);
  }
  await page.screenshot({ path: path.join(shots, 'vscode-hover.png') });
  await page.keyboard.press('Escape');

  await check('Ctrl+. offers the verified fix first', async () => {
    await gotoLine(crash.n, crash.text.indexOf('p.Name') + 1);
    const menu = page.locator('.action-widget');
    const fix = menu.locator('.action', { hasText: 'return early when p is nil' }).first();
    const end = Date.now() + timeout;
    for (;;) {
      await page.keyboard.press('Control+.');
      try {
        await fix.waitFor({ timeout: 3000 });
        break;
      } catch (e) {
        await page.keyboard.press('Escape');
        if (Date.now() > end) {
          throw e;
        }
      }
    }
    await menu.locator('.action', { hasText: 'sleuth: Explain this failure' }).first().waitFor();
    await page.screenshot({ path: path.join(shots, 'vscode-quickfix.png') });
    await page.keyboard.press('Escape');
  });
  await check('the status bar opens the report as a Markdown preview', async () => {
    await status.click();
    await page.locator('.tab', { hasText: /Preview sleuth-report-\d+\.md/ }).first().waitFor({ timeout: 20_000 });
  });
  return failed;
}
