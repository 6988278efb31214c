-- sleuth: a thin Neovim client of `sleuth serve`.
--
-- The server does the work (investigations, diagnostics, hovers, code
-- actions, values); this plugin starts it for Go buffers, adds user commands
-- that send its commands, shows progress, opens the report, and draws the
-- runtime values as virtual text where Neovim has no inlay hints (before
-- 0.10). It works with Neovim 0.7's API and uses newer APIs when present.
local values = require('sleuth.values')

local M = {}

local defaults = {
  cmd = { 'sleuth', 'serve' },
  -- The server's settings, section "sleuth" (see :help sleuth-settings).
  settings = {},
  -- Values at the end of captured lines: true draws them (native inlay
  -- hints on Neovim 0.10+, virtual text before), false leaves them out.
  values = true,
  -- Refresh code lenses ("sleuth: Investigate") on entering and saving Go
  -- buffers. Neovim's codelens API refreshes every client's lenses.
  codelens = false,
  filetypes = { 'go' },
}

-- config is the options of the last setup(); nil before.
local config
-- status is what status() shows: the running job or the last outcome.
local status = { running = {}, last = nil }

local has = function(v) return vim.fn.has('nvim-' .. v) == 1 end

-- Client method calls: 0.11 wants client:request(...), 0.7 client.request(...).
local function request(client, method, params, handler, bufnr)
  if has('0.11') then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

local function notify_client(client, method, params)
  if has('0.11') then
    return client:notify(method, params)
  end
  return client.notify(method, params)
end

local function clients()
  local all = vim.lsp.get_clients and vim.lsp.get_clients({ name = 'sleuth' }) or vim.lsp.get_active_clients()
  local out = {}
  for _, c in ipairs(all) do
    local stopped
    if has('0.11') then
      stopped = c:is_stopped()
    else
      stopped = c.is_stopped()
    end
    if c.name == 'sleuth' and not stopped then
      table.insert(out, c)
    end
  end
  return out
end

local function message(msg, level)
  vim.notify('sleuth: ' .. msg, level or vim.log.levels.INFO)
end

-- root is the directory of the nearest go.work or go.mod above path, else
-- path's directory.
local function root(path)
  local dir = vim.fn.fnamemodify(path ~= '' and path or vim.fn.getcwd() .. '/x', ':p:h')
  for _, name in ipairs({ 'go.work', 'go.mod' }) do
    local found = vim.fn.findfile(name, dir .. ';')
    if found ~= '' then
      return vim.fn.fnamemodify(found, ':p:h')
    end
  end
  return dir
end

-- client_for is the sleuth client of bufnr, else of its root, else any.
local function client_for(bufnr)
  local all = clients()
  local want = root(vim.api.nvim_buf_get_name(bufnr))
  for _, c in ipairs(all) do
    if c.attached_buffers and c.attached_buffers[bufnr] then
      return c
    end
  end
  for _, c in ipairs(all) do
    if c.config.root_dir == want then
      return c
    end
  end
  return all[1]
end

-- on_progress follows the server's $/progress reports for status() and
-- says how each job ended. Neovim's own handler runs first.
local function on_progress(default)
  return function(err, result, ctx, cfg)
    if default then
      pcall(default, err, result, ctx, cfg)
    end
    local v = result and result.value
    if type(v) ~= 'table' then
      return
    end
    local token = tostring(result.token)
    if v.kind == 'begin' then
      status.running[token] = { title = v.title or 'sleuth' }
    elseif v.kind == 'report' and status.running[token] then
      status.running[token].message = v.message
    elseif v.kind == 'end' then
      status.running[token] = nil
      status.last = v.message
      if v.message and v.message ~= '' and not vim.startswith(v.message, 'failed') then
        message(v.message)
      end
      values.refresh_all()
    end
    vim.api.nvim_exec_autocmds('User', { pattern = 'SleuthStatus', modeline = false })
  end
end

local function capabilities()
  local caps = vim.lsp.protocol.make_client_capabilities()
  caps.window = caps.window or {}
  -- The report opens in our own split (:SleuthReport), not as a file.
  caps.window.showDocument = { support = false }
  if not values.native() then
    caps.workspace = caps.workspace or {}
    caps.workspace.inlayHint = { refreshSupport = true }
  end
  return caps
end

local function client_config(bufnr)
  local dir = root(vim.api.nvim_buf_get_name(bufnr))
  local handlers = {
    ['$/progress'] = on_progress(vim.lsp.handlers['$/progress']),
  }
  if not values.native() then
    handlers['workspace/inlayHint/refresh'] = function()
      vim.schedule(values.refresh_all)
      return vim.NIL
    end
  end
  return {
    name = 'sleuth',
    cmd = config.cmd,
    root_dir = dir,
    workspace_folders = { { uri = vim.uri_from_fname(dir), name = dir } },
    -- Neovim 0.7 sends the settings only here; newer versions also answer
    -- workspace/configuration from `settings`.
    init_options = config.settings,
    settings = { sleuth = config.settings },
    capabilities = capabilities(),
    handlers = handlers,
    on_attach = function(client, buf)
      values.attach(client, buf, config.values)
    end,
  }
end

-- attach starts (or reuses) the client for bufnr's module and attaches it.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' or vim.api.nvim_buf_get_name(bufnr) == '' then
    return nil
  end
  local cfg = client_config(bufnr)
  if vim.lsp.start then
    return vim.lsp.start(cfg, { bufnr = bufnr })
  end
  for _, c in ipairs(clients()) do
    if c.config.root_dir == cfg.root_dir then
      vim.lsp.buf_attach_client(bufnr, c.id)
      return c.id
    end
  end
  if vim.fn.executable(cfg.cmd[1]) ~= 1 then
    message(('cannot start %q: not found (set cmd in setup(); go install github.com/sleuth-dev/sleuth/cmd/sleuth@latest)'):format(cfg.cmd[1]), vim.log.levels.ERROR)
    return nil
  end
  local id = vim.lsp.start_client(cfg)
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

-- execute sends a server command from bufnr's client; on_result gets the
-- result when the command succeeded.
local function execute(bufnr, command, arguments, on_result)
  local client = client_for(bufnr)
  if not client then
    message('no sleuth server is running: open a Go file first', vim.log.levels.WARN)
    return
  end
  request(client, 'workspace/executeCommand', { command = command, arguments = arguments }, function(err, result)
    if err then
      message(err.message or tostring(err), vim.log.levels.ERROR)
    elseif on_result then
      on_result(result, client)
    end
  end, bufnr)
end

-- test_at asks the server's code lenses which test (or main) holds the
-- cursor: the last lens at or above it. No lens: the package.
local function test_at(bufnr, line, done)
  local client = client_for(bufnr)
  local uri = vim.uri_from_bufnr(bufnr)
  local package = { uri = uri, run = '.' }
  if not client or not vim.endswith(uri, '.go') then
    return done(package)
  end
  request(client, 'textDocument/codeLens', { textDocument = { uri = uri } }, function(err, lenses)
    local best
    for _, lens in ipairs((not err and lenses) or {}) do
      local cmd = lens.command
      if cmd and cmd.command == 'sleuth.investigate' and lens.range.start.line <= line then
        if not best or lens.range.start.line > best.range.start.line then
          best = lens
        end
      end
    end
    done(best and best.command.arguments[1] or package)
  end, bufnr)
end

-- investigate runs the test under the cursor, or the package when the
-- cursor is in no test (or opts.package).
function M.investigate(opts)
  opts = opts or {}
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.bo[bufnr].modified then
    message('this buffer has unsaved changes: the run uses the files on disk', vim.log.levels.WARN)
  end
  local function run(args)
    execute(bufnr, 'sleuth.investigate', { args })
  end
  if opts.test and opts.test ~= '' then
    return run({ uri = vim.uri_from_bufnr(bufnr), test = opts.test })
  end
  if opts.package then
    return run({ uri = vim.uri_from_bufnr(bufnr), run = '.' })
  end
  test_at(bufnr, vim.api.nvim_win_get_cursor(0)[1] - 1, run)
end

-- explain sends a pasted panic or trace to be mapped onto the workspace.
function M.explain(text)
  if not text or vim.trim(text) == '' then
    message('nothing to explain: yank a panic into a register or select it', vim.log.levels.WARN)
    return
  end
  execute(vim.api.nvim_get_current_buf(), 'sleuth.explainTrace', { text })
end

function M.rerun()
  execute(vim.api.nvim_get_current_buf(), 'sleuth.rerun', {})
end

function M.clear()
  execute(vim.api.nvim_get_current_buf(), 'sleuth.clear', {}, function()
    status.last = nil
    values.refresh_all()
  end)
end

-- report opens the whole report as Markdown in a split, reusing it.
function M.report()
  execute(vim.api.nvim_get_current_buf(), 'sleuth.showReport', {}, function(result)
    if type(result) ~= 'table' or type(result.markdown) ~= 'string' then
      return
    end
    local name = 'sleuth://report'
    local buf = vim.fn.bufnr(name)
    if buf == -1 then
      buf = vim.api.nvim_create_buf(false, true)
      vim.api.nvim_buf_set_name(buf, name)
      vim.bo[buf].filetype = 'markdown'
    end
    vim.bo[buf].modifiable = true
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(result.markdown, '\n', { plain = true }))
    vim.bo[buf].modifiable = false
    vim.bo[buf].modified = false
    local win = vim.fn.bufwinid(buf)
    if win == -1 then
      vim.cmd('botright split')
      vim.api.nvim_win_set_buf(0, buf)
    else
      vim.api.nvim_set_current_win(win)
    end
  end)
end

-- hover shows sleuth's hover alone (Neovim 0.7 shows one client's hover
-- when gopls also answers).
function M.hover()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr)
  if not client then
    return
  end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  request(client, 'textDocument/hover', params, function(err, result)
    if err or not result or not result.contents then
      message('no runtime information here')
      return
    end
    local lines = vim.lsp.util.convert_input_to_markdown_lines(result.contents)
    vim.lsp.util.open_floating_preview(lines, 'markdown', { border = 'rounded', focus_id = 'sleuth_hover' })
  end, bufnr)
end

-- running reports whether a job of the server is running.
function M.running()
  return next(status.running) ~= nil
end

-- status is a short line for a statusline: the running job, else how the
-- last one ended, else ''.
function M.status()
  for _, job in pairs(status.running) do
    return job.message and (job.title .. ' (' .. job.message .. ')') or job.title
  end
  return status.last and ('sleuth: ' .. status.last) or ''
end

local function commands()
  local cmd = vim.api.nvim_create_user_command
  cmd('SleuthInvestigate', function(o)
    M.investigate({ test = o.args, package = o.bang })
  end, { nargs = '?', bang = true, desc = 'sleuth: investigate the test under the cursor (! or no test: the package)' })
  cmd('SleuthExplain', function(o)
    local text
    if o.range > 0 then
      text = table.concat(vim.api.nvim_buf_get_lines(0, o.line1 - 1, o.line2, false), '\n')
    else
      text = vim.fn.getreg(o.args ~= '' and o.args or '"')
    end
    M.explain(text)
  end, { nargs = '?', range = true, desc = 'sleuth: explain a panic from a register or the selected lines' })
  cmd('SleuthReport', M.report, { desc = 'sleuth: open the last report' })
  cmd('SleuthRerun', M.rerun, { desc = 'sleuth: run the last investigation again' })
  cmd('SleuthClear', M.clear, { desc = 'sleuth: clear the results and stop running investigations' })
end

-- setup starts the server for Go buffers. Calling it again changes the
-- settings of running servers.
function M.setup(opts)
  local first = config == nil
  config = vim.tbl_deep_extend('force', defaults, opts or {})
  if not first then
    for _, c in ipairs(clients()) do
      c.config.settings = { sleuth = config.settings }
      notify_client(c, 'workspace/didChangeConfiguration', { settings = { sleuth = config.settings } })
    end
  end
  commands()
  vim.lsp.commands['sleuth.showReport'] = function() M.report() end
  local group = vim.api.nvim_create_augroup('sleuth', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = config.filetypes,
    callback = function(ev) M.attach(ev.buf) end,
  })
  if config.codelens then
    vim.api.nvim_create_autocmd({ 'BufEnter', 'BufWritePost' }, {
      group = group,
      pattern = '*.go',
      callback = function() pcall(vim.lsp.codelens.refresh) end,
    })
  end
  -- Buffers already open when setup runs.
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.tbl_contains(config.filetypes, vim.bo[b].filetype) then
      M.attach(b)
    end
  end
end

return M
