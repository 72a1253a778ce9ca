" Vim syntax file
" Language: segdsl (segment files, *.seg)
" Generated from segdsl/syntax/lexicon.py by editors/generate.py: do not edit by hand.

if exists('b:current_syntax')
  finish
endif

syntax case match
syntax iskeyword @,48-57,_

syntax match segdslComment /\v#.*$/
syntax region segdslString start=+"+ skip=+\\.+ end=+"+ end=+$+ oneline contains=segdslEscape,segdslBadEscape
syntax region segdslString start=+'+ skip=+\\.+ end=+'+ end=+$+ oneline contains=segdslEscape,segdslBadEscape
syntax match segdslBadEscape /\v\\./ contained
syntax match segdslEscape /\v\\%([ntr\\"'0]|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/ contained

" Of the matches that start at one place the last defined wins: the longest literal.
syntax match segdslInteger /\v<\d+>/
syntax match segdslDecimal /\v<\d+[.]\d+>/
syntax match segdslDuration /\v<\d+(h|d|w|mo|y)>/
syntax match segdslDate /\v<\d{4}-\d{2}-\d{2}>/
syntax match segdslTimestamp /\v<\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}([.]\d{1,6})?)?Z?>/

syntax keyword segdslDefinition segment partition nextgroup=segdslDefinitionName skipwhite skipnl
syntax match segdslDefinitionName /\v[A-Za-z_][A-Za-z0-9_]*/ contained
syntax keyword segdslConstant true false now
syntax keyword segdslKeyword when otherwise and or not in between is missing present starts ends with where top bottom by distinct then no within without since this next today yesterday to of
syntax match segdslKeyword /\v<%(contains|last)>/
syntax match segdslFunction /\v<%(most_frequent|active_days|anniversary|weekday|length|count|first|lower|upper|split|month|last|hour|sum|avg|min|max|abs|day)>\ze\s*\(/
syntax match segdslNamedSet /\v<[A-Z][A-Z0-9_]*>/
syntax match segdslOperator @\v%(![=]|[<][=]|[>][=]|[=]|[<]|[>]|[+]|-|[*]|[/]|[%])@

highlight default link segdslComment Comment
highlight default link segdslString String
highlight default link segdslEscape SpecialChar
highlight default link segdslBadEscape Error
highlight default link segdslInteger Number
highlight default link segdslDecimal Float
highlight default link segdslDuration Number
highlight default link segdslDate Constant
highlight default link segdslTimestamp Constant
highlight default link segdslDefinition Structure
highlight default link segdslDefinitionName Function
highlight default link segdslConstant Constant
highlight default link segdslKeyword Keyword
highlight default link segdslFunction Function
highlight default link segdslNamedSet Constant
highlight default link segdslOperator Operator

let b:current_syntax = 'segdsl'
