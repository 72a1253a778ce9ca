"""Stage 1, text → syntax tree: the lexicon (every keyword, function, unit and operator), the
Lark grammar's parser and the immutable, span-carrying AST."""
