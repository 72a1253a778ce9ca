" Vim indent file for segdsl segment files, in the layout `segdsl fmt` writes for the common
" cases: a definition's body one level in, a line starting with an operator one more level (it
" continues the operand above it), the inside of a bracket opened at a line's end one level in.
" docs/editors.md: segdsl lsp formats whole files.
if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal indentexpr=GetSegdslIndent(v:lnum)
setlocal indentkeys=0),0],!^F,o,O,0=segment,0=partition,0=and,0=or
setlocal autoindent
let b:undo_indent = 'setlocal indentexpr< indentkeys< autoindent<'

if exists('*GetSegdslIndent')
  finish
endif

let s:definition = '\v^\s*%(segment|partition)>'
let s:comment = '\v^\s*#'
let s:operator = '\v^\s*%([<>=+*/-]|!\=)'
let s:conjunction = '\v^\s*%(and|or)>'
let s:strings = '\v"%([^"\\]|\\.)*"|''%([^''\\]|\\.)*'''
" Brackets inside strings and comments do not count.
let s:skip = 'synIDattr(synID(line("."), col("."), 0), "name") =~# "\\vsegdsl%(String|Comment)"'

function! s:IsCode(lnum) abort
  return getline(a:lnum) =~# '\S' && getline(a:lnum) !~# s:comment
endfunction

function! s:PreviousCode(lnum) abort
  let lnum = prevnonblank(a:lnum - 1)
  while lnum > 0 && !s:IsCode(lnum)
    let lnum = prevnonblank(lnum - 1)
  endwhile
  return lnum
endfunction

function! s:EndsWithEquals(lnum) abort
  let code = substitute(substitute(getline(a:lnum), s:strings, '""', 'g'), '#.*$', '', '')
  return code =~# '=\s*$'
endfunction

function! GetSegdslIndent(lnum) abort
  let line = getline(a:lnum)
  if line =~# s:definition
    return 0
  endif
  if line =~# s:comment
    " A comment goes with the code after it.
    let next = nextnonblank(a:lnum + 1)
    while next > 0 && !s:IsCode(next)
      let next = nextnonblank(next + 1)
    endwhile
    return next > 0 ? GetSegdslIndent(next) : 0
  endif
  let previous = s:PreviousCode(a:lnum)
  if previous == 0
    return 0
  endif
  let save_cursor = getcurpos()
  call cursor(a:lnum, 1)
  let [opener, opener_col] = searchpairpos('[([]', '', '[)\]]', 'bnW', s:skip)
  call setpos('.', save_cursor)
  let previous_indent = indent(previous)
  let previous_operator = getline(previous) =~# s:operator
  if opener > 0 && line =~# '^\s*[)\]]'
    return indent(opener)
  endif
  if s:EndsWithEquals(previous) || opener == previous
    return previous_indent + shiftwidth()
  endif
  if line =~# s:operator && !previous_operator
    return previous_indent + shiftwidth()
  endif
  if line =~# s:conjunction && previous_operator
    return max([0, previous_indent - shiftwidth()])
  endif
  return previous_indent
endfunction
