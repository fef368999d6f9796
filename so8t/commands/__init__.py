"""One module per `so8t` subcommand: NAME, HELP, add_arguments(parser), run(args, events) -> CommandOutput."""
