-- The Neovim plugin against the real server, headless:
--
--   SLEUTH_BIN=<sleuth> SLEUTH_APP=<copy of editors/testdata/app> \
--   SLEUTH_PLUGIN=editors/nvim SLEUTH_OUT=<log> \
--   nvim --headless -n -i NONE -u editors/nvim/test/sleuth_test.lua
--
-- A real failing test is investigated with :SleuthInvestigate; then the
-- diagnostics, the hover on the crash line, the values drawn as virtual text,
-- the code actions, :SleuthReport, :SleuthClear, :SleuthExplain, :SleuthRerun,
-- the package run and :help sleuth are checked. Every check is written to
-- SLEUTH_OUT; any failure exits 1 (cquit). Lines are found by their marker
-- comments.
local bin, app, plugin, out = os.getenv('SLEUTH_BIN'), os.getenv('SLEUTH_APP'), os.getenv('SLEUTH_PLUGIN'), os.getenv('SLEUTH_OUT')
local log = assert(io.open(out or '/dev/stderr', 'w'))
local failed = 0

local function say(fmt, ...)
  log:write(fmt:format(...) .. '\n')
  log:flush()
end

local function check(name, ok, detail)
  if ok then
    say('ok   %s', name)
  else
    failed = failed + 1
    say('FAIL %s%s', name, detail and (': ' .. detail) or '')
  end
  return ok
end

-- need stops the test at a failed check that later ones depend on.
local function need(name, ok, detail)
  if not check(name, ok, detail) then
    error('stopping: ' .. name, 0)
  end
end

local function wait(ms, cond)
  return (vim.wait(ms, cond, 50))
end

-- line is the 1-based number of the line of path holding marker.
local function line(path, marker)
  for n, text in ipairs(vim.fn.readfile(path)) do
    if text:find('// ' .. marker, 1, true) then
      return n
    end
  end
  error('no marker ' .. marker .. ' in ' .. path)
end

local function client()
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, c in ipairs(all) do
    if c.name == 'sleuth' and c.initialized ~= false then
      return c
    end
  end
end

-- request is a synchronous request to the sleuth client.
local function request(method, params, bufnr)
  local done, res, rerr = false, nil, nil
  local handler = function(err, result)
    done, res, rerr = true, result, err
  end
  local c = client()
  if vim.fn.has('nvim-0.11') == 1 then
    c:request(method, params, handler, bufnr)
  else
    c.request(method, params, handler, bufnr)
  end
  wait(20000, function() return done end)
  return res, rerr
end

local function sleuth_diags(bufnr, severity)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'sleuth' and (severity == nil or d.severity == severity) then
      table.insert(out, d)
    end
  end
  return out
end

local function has_message(bufnr, pattern)
  for _, d in ipairs(sleuth_diags(bufnr)) do
    if d.message:find(pattern) then
      return true
    end
  end
  return false
end

local function values_on(bufnr, lnum)
  local ns = require('sleuth.values').namespace
  local texts = {}
  for _, m in ipairs(vim.api.nvim_buf_get_extmarks(bufnr, ns, { lnum - 1, 0 }, { lnum - 1, -1 }, { details = true })) do
    for _, chunk in ipairs(m[4].virt_text or {}) do
      table.insert(texts, chunk[1])
    end
  end
  return table.concat(texts, ' ')
end

-- fresh clears the results and waits for the server to be idle.
local function fresh(bufnr)
  vim.cmd('SleuthClear')
  need('cleared', wait(10000, function() return #sleuth_diags(bufnr) == 0 and not require('sleuth').running() end))
end

-- done waits for the running job to end.
local function done()
  return wait(120000, function() return not require('sleuth').running() end)
end

local function run()
  need('SLEUTH_BIN, SLEUTH_APP and SLEUTH_PLUGIN are set', bin and app and plugin)
  say('nvim %s', tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch)
  vim.opt.runtimepath:prepend(plugin)
  vim.cmd('filetype on')
  local sleuth = require('sleuth')
  sleuth.setup({
    cmd = { bin, 'serve' },
    settings = { timeout = '90s', features = { model = false, fixes = false } },
  })
  local test_go, handler_go = app .. '/app_test.go', app .. '/handler.go'
  local crash = line(handler_go, 'CRASH')

  vim.cmd('edit ' .. test_go)
  local tbuf = vim.api.nvim_get_current_buf()
  need('the server starts and attaches to a Go buffer', wait(10000, function()
    local c = client()
    return c ~= nil and vim.lsp.buf_is_attached(tbuf, c.id) and c.initialized ~= false and c.server_capabilities ~= nil
  end))

  -- The test under the cursor.
  vim.api.nvim_win_set_cursor(0, { line(test_go, 'INSIDE'), 0 })
  vim.cmd('SleuthInvestigate')
  local hbuf = vim.fn.bufadd(handler_go)
  need('diagnostics from sleuth at the crash line', wait(120000, function()
    return #sleuth_diags(hbuf, vim.diagnostic.severity.ERROR) > 0
  end), 'none after 120 s; status: ' .. sleuth.status())
  local err = sleuth_diags(hbuf, vim.diagnostic.severity.ERROR)[1]
  check('the error is on the crash line', err.lnum == crash - 1, ('line %d, want %d'):format(err.lnum + 1, crash))
  check('the error says p is nil and names the test', err.message:find('p is nil') and err.message:find('TestGreet'), err.message)
  check('a warning at the suspect', #sleuth_diags(hbuf, vim.diagnostic.severity.WARN) > 0)
  check('status() says what failed', wait(30000, function() return sleuth.status():find('nil%-deref') end), sleuth.status())

  -- The file with the crash, opened: hover, values, code actions.
  vim.cmd('edit ' .. handler_go)
  need('the crash file is attached', wait(10000, function() return vim.lsp.buf_is_attached(hbuf, client().id) end))
  local col = vim.fn.getline(crash):find('p.Name', 1, true) - 1
  local hover = request('textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(hbuf) }, position = { line = crash - 1, character = col } }, hbuf)
  local text = hover and hover.contents and hover.contents.value or ''
  check('hover on the crash line names the failure', text:find('sleuth: nil%-deref in TestGreet'), text)
  check('hover on the crash line has the values', text:find('Values at the failure', 1, true) and text:find('`nil`', 1, true), text)
  vim.api.nvim_win_set_cursor(0, { crash, col })
  sleuth.hover()
  local function float_text()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= '' then
        return table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false), '\n')
      end
    end
    return ''
  end
  check("require('sleuth').hover() opens sleuth's hover", wait(10000, function() return float_text():find('nil%-deref') end), float_text())
  vim.api.nvim_win_set_cursor(0, { 1, 0 })
  vim.cmd('doautocmd CursorMoved')
  check('values drawn as virtual text at the crash line', wait(10000, function()
    return values_on(hbuf, crash):find('p = nil', 1, true)
  end), values_on(hbuf, crash))

  local titles = {}
  check('code actions on the crash line', wait(15000, function()
    local diags = vim.lsp.diagnostic.get_line_diagnostics(hbuf, crash - 1)
    local actions = request('textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(hbuf) },
      range = { start = { line = crash - 1, character = 0 }, ['end'] = { line = crash - 1, character = 0 } },
      context = { diagnostics = diags },
    }, hbuf) or {}
    titles = {}
    for _, a in ipairs(actions) do
      titles[a.title] = a
    end
    return titles['sleuth: Explain this failure'] and titles['sleuth: Re-run'] and titles['sleuth: Clear results']
  end), vim.inspect(vim.tbl_keys(titles)))
  check('a capture-here action', titles['sleuth: Capture values here (run TestGreet)'] ~= nil)

  -- The "Explain this failure" action opens the report in a split, as
  -- :SleuthReport does.
  local explain = titles['sleuth: Explain this failure']
  if explain then
    vim.lsp.commands[explain.command.command](explain.command, { bufnr = hbuf, client_id = client().id })
  end
  local function report_text()
    local rb = vim.fn.bufnr('sleuth://report')
    return rb ~= -1 and table.concat(vim.api.nvim_buf_get_lines(rb, 0, -1, false), '\n') or ''
  end
  check('the report opens as Markdown', wait(10000, function() return report_text():find('nil%-deref') end), report_text():sub(1, 200))
  check('the report buffer is markdown', vim.bo[vim.fn.bufnr('sleuth://report')].filetype == 'markdown')
  vim.cmd('only')
  vim.cmd('bwipeout ' .. vim.fn.bufnr('sleuth://report'))
  vim.cmd('SleuthReport')
  check(':SleuthReport opens it again', wait(10000, function() return report_text():find('nil%-deref') end))
  vim.cmd('only')

  done()
  vim.cmd('buffer ' .. hbuf)
  vim.cmd('SleuthClear')
  check(':SleuthClear removes the diagnostics', wait(10000, function() return #sleuth_diags(hbuf) == 0 end))
  check(':SleuthClear removes the values', wait(10000, function() return values_on(hbuf, crash) == '' end), values_on(hbuf, crash))

  -- A panic pasted from elsewhere, from a register: mapped onto the module.
  local trace = table.concat({
    'panic: runtime error: invalid memory address or nil pointer dereference',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]',
    '',
    'goroutine 1 [running]:',
    'example.com/app.Greet(0x2a)',
    ('\t/home/ci/go/src/example.com/app/handler.go:%d +0x1d'):format(crash),
    'example.com/app.TestGreet(0xc000003340)',
    ('\t/home/ci/go/src/example.com/app/app_test.go:%d +0x25'):format(line(test_go, 'CALL')),
  }, '\n')
  vim.fn.setreg('a', trace)
  vim.cmd('SleuthExplain a')
  check(':SleuthExplain maps a panic from a register onto the crash line', wait(30000, function()
    local d = sleuth_diags(hbuf, vim.diagnostic.severity.ERROR)[1]
    return d and d.lnum == crash - 1
  end))
  fresh(hbuf)
  -- The same from selected lines.
  vim.cmd('enew')
  vim.api.nvim_buf_set_lines(0, 0, -1, false, vim.split(trace, '\n'))
  vim.cmd('%SleuthExplain')
  check(':SleuthExplain takes selected lines', wait(30000, function() return #sleuth_diags(hbuf, vim.diagnostic.severity.ERROR) > 0 end))

  done()
  fresh(hbuf)
  vim.cmd('buffer ' .. hbuf)
  vim.cmd('SleuthRerun')
  check(':SleuthRerun runs the test again', wait(120000, function() return has_message(hbuf, 'p is nil') end))
  check('the re-run ends', done(), require('sleuth').status())

  fresh(hbuf)
  vim.cmd('buffer ' .. tbuf)
  vim.cmd('SleuthInvestigate!')
  check(':SleuthInvestigate! runs the package', wait(120000, function() return has_message(hbuf, 'p is nil') end))
  check('the package run ends', done(), require('sleuth').status())

  vim.cmd('help sleuth')
  check(':help sleuth', vim.bo.filetype == 'help' and vim.fn.expand('%:t') == 'sleuth.txt', vim.fn.expand('%'))
end

local ok, e = xpcall(run, debug.traceback)
if not ok then
  failed = failed + 1
  say('FAIL %s', e)
end
say(failed == 0 and 'PASS' or ('FAIL: %d checks'):format(failed))
log:close()
if failed == 0 then
  vim.cmd('qall!')
else
  vim.cmd('cquit 1')
end
