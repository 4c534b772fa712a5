"""The `tambon` command: friendly names for the project's management commands.

    tambon demo --scale small       tambon geo load       tambon geo villages FILE
    tambon serve                    tambon worker         tambon manage <any manage.py command>
"""

import argparse
import os
import sys

# Two-word commands map onto one management command; the rest of argv passes through.
COMMANDS: dict[tuple[str, ...], tuple[str, str]] = {
    ("demo",): ("demo", "Create the demo dataset and demo users (see --help)."),
    ("geo", "load"): ("geo_load", "Load all provinces, districts and sub-districts from geothai."),
    ("geo", "villages"): ("geo_import_villages", "Import villages (หมู่บ้าน) from a CSV file."),
    ("serve",): ("runserver", "Serve the web app (development server)."),
    ("worker",): ("db_worker", "Run the background task worker."),
    ("migrate",): ("migrate", "Apply database migrations."),
    ("createsuperuser",): ("createsuperuser", "Create a national administrator account."),
}


def _help() -> str:
    lines = ["usage: tambon COMMAND [ARGS...]", "", "commands:"]
    for words, (_, text) in COMMANDS.items():
        lines.append(f"  {' '.join(words):<18} {text}")
    lines.append(f"  {'manage ...':<18} Run any Django management command.")
    lines.append("")
    lines.append("Run `tambon COMMAND --help` for the options of a command.")
    return "\n".join(lines)


def resolve(argv: list[str]) -> list[str]:
    """Turn `tambon geo load --x` into `manage.py geo_load --x`."""
    if argv and argv[0] == "manage":
        return argv[1:]
    for words, (command, _) in sorted(COMMANDS.items(), key=lambda kv: -len(kv[0])):
        if tuple(argv[: len(words)]) == words:
            return [command, *argv[len(words) :]]
    raise SystemExit(f"tambon: unknown command {' '.join(argv[:2])!r}\n\n{_help()}")


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_help())
        return
    parser = argparse.ArgumentParser(prog="tambon", add_help=False)
    parser.parse_known_args(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tambon.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tambon", *resolve(args)])


if __name__ == "__main__":
    main()
