"""Running the `source` blocks of KPIs and key results: SQL, CSV, HTTP JSON, Prometheus, commands.

The one layer that reaches outside the goal tree for values (`okrctl pull`). Each kind is
one module with a `fetch(source, request) -> list[Reading]`; `run.fetch` picks it, applies
`scale` and `round`, and turns every failure into a `SourceError` whose text never holds an
expanded secret.
"""
