"""`segdsl repl`: the interactive session, its terminal front end and completion."""
