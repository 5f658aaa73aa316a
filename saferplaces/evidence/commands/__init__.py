"""Subcommands of the ``saferplaces`` console command.

Each module here is one subcommand and defines:

* ``NAME``: the subcommand's name;
* ``HELP``: a one-line description;
* ``add_arguments(parser)``: declare its arguments on an ``argparse`` parser;
* ``run(args) -> int``: do the work and return the exit status.

Modules are found automatically, so adding a subcommand touches no other file.
Import heavy libraries inside ``run`` so that ``saferplaces --help`` stays fast.
"""
