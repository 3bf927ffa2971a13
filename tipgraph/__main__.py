"""`python -m tipgraph` runs the CLI, as the `tipgraph` script does."""

from tipgraph.cli import app

app()
