"""Subcommands of the ``saferplaces`` console command.

Each module here is one subcommand and defines:

* ``NAME``: the subcommand's name;
* ``HELP``: a one-line description;
* ``add_arguments(parser)``: declare its arguments on an ``argparse`` parser;
* ``HINTS`` (optional): words of the API's error messages → the flag that sets that value, which
  the command line adds to the message;
* ``run(args) -> int``: call one function of :mod:`saferplaces.evidence.api`, print its result
  (``--json`` through the API's one serialiser, else a short text summary) and return the exit status.

Modules are found automatically, so adding a subcommand touches no other file. Commands parse and
print only: the work, and the checks of what the values mean, are the API's. ``run`` imports the
API itself, so that building the parser (``saferplaces --help``) does not load the analyses.
"""
