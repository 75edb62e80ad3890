"""One module per subcommand: a typed function that takes explicit arguments, returns an exit code."""
