"""Stage 2, syntax tree → checked program: value types, the schema, the checker that resolves
names and types, the checked program (IR) and the reference evaluator that defines its meaning."""
