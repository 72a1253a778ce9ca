-- The segdsl language server (`segdsl lsp`) in Neovim's built-in client, from Neovim 0.7 on:
--
--   require('segdsl.lsp').setup()   -- or setup({ cmd = {...}, on_attach = function(client, bufnr) ... end })
--
-- Every segdsl buffer is attached to one client per project: the nearest folder above the file
-- with a segdsl.toml or pyproject.toml, else the file's own folder. (vim.lsp.start, which does
-- this itself, is Neovim 0.8+; 0.11+ can use vim.lsp.config and vim.lsp.enable: docs/editors.md.)
local M = {}

local defaults = {
  cmd = { 'segdsl', 'lsp' },
  root_markers = { 'segdsl.toml', 'pyproject.toml' },
  on_attach = nil,
  capabilities = nil,
}

M.options = vim.deepcopy(defaults)

local clients = {} -- project folder -> client id

local function project_folder(path)
  local folder = vim.fn.fnamemodify(path, ':p:h')
  local dir = folder
  while true do
    for _, marker in ipairs(M.options.root_markers) do
      if vim.fn.filereadable(dir .. '/' .. marker) == 1 then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return folder
    end
    dir = parent
  end
end

local function on_attach(client, bufnr)
  -- Completion with <C-x><C-o> (Neovim 0.7 does not set it).
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  if M.options.on_attach then
    M.options.on_attach(client, bufnr)
  end
end

-- Attach buffer `bufnr` to its project's client, starting the server the first time.
function M.attach(bufnr)
  local root = project_folder(vim.api.nvim_buf_get_name(bufnr))
  local id = clients[root]
  -- (get_client_by_id, not client_is_stopped: in 0.7 that calls a client still initializing
  -- stopped.)
  local client = id and vim.lsp.get_client_by_id(id)
  if client == nil or client.is_stopped() then
    local ok, started = pcall(vim.lsp.start_client, {
      name = 'segdsl',
      cmd = M.options.cmd,
      root_dir = root,
      on_attach = on_attach,
      capabilities = M.options.capabilities,
    })
    if not ok or started == nil then
      local command = table.concat(M.options.cmd, ' ')
      vim.notify('segdsl: cannot start `' .. command .. '`: ' .. tostring(started)
        .. " (pip install 'segdsl[lsp]')", vim.log.levels.ERROR)
      return nil
    end
    id = started
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

function M.setup(options)
  M.options = vim.tbl_extend('force', vim.deepcopy(defaults), options or {})
  local group = vim.api.nvim_create_augroup('segdsl_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'segdsl',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
end

return M
