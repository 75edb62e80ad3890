"""One module per subcommand: a typed function of explicit arguments that returns an exit code."""
