"""The ``saferplaces`` console command: argument parsing only, one analysis call per subcommand."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from saferplaces.evidence import commands
from saferplaces.evidence.errors import EvidenceError


def _subcommand_modules():
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{commands.__name__}.{info.name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="saferplaces",
        description="Safer Places evidence engine: analyses of police and partner data.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _subcommand_modules():
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(_run=module.run, _hints=getattr(module, "HINTS", {}))
    return parser


def _hint(message: str, hints: dict[str, str]) -> str:
    """The flags behind the API's words: the API names parameters in words, the user typed flags."""
    flags = [flag for words, flag in hints.items() if words in message]
    return f" (see {', '.join(flags)})" if flags else ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "_run", None) is None:
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except EvidenceError as exc:
        print(f"saferplaces {args.command}: error: {exc}{_hint(str(exc), args._hints)}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into head and the like
        return 0


if __name__ == "__main__":
    sys.exit(main())
