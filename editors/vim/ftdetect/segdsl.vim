" segdsl segment files.
autocmd BufRead,BufNewFile *.seg setfiletype segdsl
