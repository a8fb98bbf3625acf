"""One module per `assess` subcommand, imported only when that command runs."""
