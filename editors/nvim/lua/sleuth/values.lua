-- Runtime values at the end of captured lines. Neovim 0.10+ draws the
-- server's inlay hints itself; before that this module asks for them
-- (textDocument/inlayHint) and draws them as virtual text, again whenever
-- the server asks for a refresh, a job ends, or the buffer changes.
local M = {}

local ns = vim.api.nvim_create_namespace('sleuth_values')
-- attached maps a buffer to its sleuth client's id (virtual-text mode only).
local attached = {}
-- pending holds a debounce timer per buffer.
local pending = {}

M.namespace = ns

function M.native()
  return vim.lsp.inlay_hint ~= nil and type(vim.lsp.inlay_hint.enable) == 'function'
end

local function label(hint)
  if type(hint.label) == 'string' then
    return hint.label
  end
  local parts = {}
  for _, p in ipairs(hint.label or {}) do
    table.insert(parts, p.value)
  end
  return table.concat(parts)
end

-- draw replaces bufnr's virtual text with hints, one chunk per line.
local function draw(bufnr, hints)
  if not vim.api.nvim_buf_is_valid(bufnr) then
    return
  end
  vim.api.nvim_buf_clear_namespace(bufnr, ns, 0, -1)
  local lines = {}
  for _, h in ipairs(hints or {}) do
    local l = h.position.line
    lines[l] = lines[l] and (lines[l] .. ', ' .. label(h)) or label(h)
  end
  local count = vim.api.nvim_buf_line_count(bufnr)
  for l, text in pairs(lines) do
    if l < count then
      vim.api.nvim_buf_set_extmark(bufnr, ns, l, 0, {
        virt_text = { { text, 'SleuthValue' } },
        virt_text_pos = 'eol',
        hl_mode = 'combine',
      })
    end
  end
end

-- refresh asks bufnr's client for the buffer's hints and draws them.
function M.refresh(bufnr)
  local id = attached[bufnr]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or not vim.api.nvim_buf_is_loaded(bufnr) then
    attached[bufnr] = nil
    return
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 } },
  }
  local handler = function(err, result)
    if not err then
      draw(bufnr, result)
    end
  end
  if vim.fn.has('nvim-0.11') == 1 then
    client:request('textDocument/inlayHint', params, handler, bufnr)
  else
    client.request('textDocument/inlayHint', params, handler, bufnr)
  end
end

function M.refresh_all()
  for bufnr in pairs(attached) do
    M.refresh(bufnr)
  end
end

-- later refreshes bufnr once typing has paused: the server maps the values'
-- lines through the edits.
local function later(bufnr)
  if pending[bufnr] then
    pending[bufnr]:stop()
  else
    pending[bufnr] = (vim.uv or vim.loop).new_timer()
  end
  pending[bufnr]:start(300, 0, vim.schedule_wrap(function()
    if pending[bufnr] then
      pending[bufnr]:close()
      pending[bufnr] = nil
    end
    M.refresh(bufnr)
  end))
end

-- attach shows client's values in bufnr when enabled.
function M.attach(client, bufnr, enabled)
  if not enabled then
    return
  end
  if M.native() then
    pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
    return
  end
  if attached[bufnr] then
    return
  end
  attached[bufnr] = client.id
  vim.cmd('highlight default link SleuthValue Comment')
  vim.api.nvim_create_autocmd({ 'TextChanged', 'InsertLeave', 'BufEnter' }, {
    group = vim.api.nvim_create_augroup('sleuth_values_' .. bufnr, { clear = true }),
    buffer = bufnr,
    callback = function() later(bufnr) end,
  })
  vim.api.nvim_create_autocmd('BufWipeout', {
    group = 'sleuth_values_' .. bufnr,
    buffer = bufnr,
    callback = function() attached[bufnr] = nil end,
  })
  M.refresh(bufnr)
end

return M
