"""One module per ``backtimer`` subcommand; each defines ``add_parser(subparsers)``."""
