"""`segdsl why`: why one customer is (or is not) in a segment, node by node."""

from __future__ import annotations

import json
import sys

import click

from segdsl.cli.common import (
    as_of_option,
    checked_file,
    db_option,
    expr_option,
    expression_target,
    handle_errors,
    open_database,
    parse_as_of,
    project_settings,
    schema_for,
    schema_option,
    timeout_option,
    unknown_definition,
    use_color,
)


@click.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@expr_option
@click.option("--segment", metavar="NAME", help="The segment or partition of FILE to explain.")
@click.option("--customer", required=True, metavar="KEY", help="The customer's key.")
@schema_option
@db_option
@as_of_option
@timeout_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A tree for people (table) or nested JSON.",
)
@handle_errors
def why(
    file: str | None,
    expr: str | None,
    segment: str | None,
    customer: str,
    schema_path: str | None,
    db: str | None,
    as_of: str | None,
    timeout: float | None,
    output_format: str,
) -> None:
    """Why a customer is (or is not) in a segment: its condition as a tree, with the truth of
    every part and the value of every operand for that customer, from one query. For a
    partition, the arm that matched and why each earlier one did not."""
    from segdsl.runtime.why import Target, explain
    from segdsl.runtime.why_render import why_json, why_text

    project = project_settings()
    instant = parse_as_of(as_of)
    schema = schema_for(schema_path, project)
    target: Target
    if file is None or expr is not None:
        expression = expression_target(expr, file, segment, schema)
        name, target = expression.name, expression.condition
    elif segment is None:
        raise click.UsageError("name the segment or partition of FILE with --segment NAME")
    else:
        checked = checked_file(file, schema)
        if segment in checked.segments:
            target = checked.segments[segment].condition
        elif segment in checked.partitions:
            target = checked.partitions[segment].value
        else:
            raise unknown_definition(file, segment, checked)
        name = segment
    with open_database(db, project, timeout, schema) as database:
        result = explain(database, schema, target, name, customer, instant, given_in="--customer")
    if output_format == "json":
        click.echo(json.dumps(why_json(result), indent=2, ensure_ascii=False))
    else:
        click.echo(why_text(result, color=use_color(sys.stdout)))
