"""The `tambon` command: friendly names for the project's management commands.

tambon demo --scale small       tambon geo load       tambon geo villages FILE
tambon import persons FILE      tambon dedupe
tambon serve                    tambon worker         tambon manage <any manage.py command>
"""

import difflib
import os
import sys

# Two-word commands map onto one management command; the rest of argv passes through.
COMMANDS: dict[tuple[str, ...], tuple[str, str]] = {
    ("demo",): ("demo", "Create the demo dataset and demo users (see --help)."),
    ("geo", "load"): ("geo_load", "Load all provinces, districts and sub-districts from geothai."),
    ("geo", "villages"): ("geo_import_villages", "Import villages (หมู่บ้าน) from a CSV file."),
    ("import", "persons"): (
        "import_persons",
        "Import households and people from a survey file (CSV or XLSX).",
    ),
    ("imports", "expire"): (
        "expire_imports",
        "Delete uploaded survey files never confirmed (the scheduler runs it daily).",
    ),
    ("dedupe",): ("dedupe", "Find likely duplicate people for the review queue."),
    ("referrals", "escalate"): (
        "escalate_referrals",
        "Remind partners of overdue referrals, then escalate (the scheduler runs it daily).",
    ),
    ("serve",): ("runserver", "Serve the web app (development server)."),
    ("worker",): ("db_worker", "Run the background task worker."),
    ("scheduler",): ("scheduler", "Enqueue the daily jobs on schedule (--list, --run-now NAME)."),
    ("migrate",): ("migrate", "Apply database migrations."),
    ("createsuperuser",): ("createsuperuser", "Create a national administrator account."),
}
HELP_WORDS = {"-h", "--help", "help"}
EXIT_USAGE = 2


def _help() -> str:
    lines = ["usage: tambon COMMAND [ARGS...]", "", "commands:"]
    for words, (_, text) in COMMANDS.items():
        lines.append(f"  {' '.join(words):<18} {text}")
    lines.append(f"  {'manage ...':<18} Run any Django management command.")
    lines.append("")
    lines.append("Run `tambon COMMAND --help` for the options of a command.")
    return "\n".join(lines)


def _unknown(argv: list[str]) -> str:
    """The message for a command that maps onto nothing, with the nearest known commands."""
    names = [" ".join(words) for words in COMMANDS]
    typed = " ".join(argv[:2])
    subcommands = [" ".join(w) for w in COMMANDS if len(w) > 1 and w[0] == argv[0]]
    if subcommands and (len(argv) == 1 or argv[1].startswith("-")):
        return f"tambon: `{argv[0]}` needs a subcommand: {', '.join(subcommands)}."
    near = difflib.get_close_matches(typed, names, n=3, cutoff=0.5)
    near += [n for n in difflib.get_close_matches(argv[0], names, n=3) if n not in near]
    hint = f" Did you mean: {', '.join(near)}?" if near else ""
    return f"tambon: unknown command `{typed}`.{hint} Run `tambon --help` for the list."


def resolve(argv: list[str]) -> list[str]:
    """Turn `tambon geo load --x` into `manage.py geo_load --x`; SystemExit if unknown."""
    if argv and argv[0] == "manage":
        return argv[1:]
    if len(argv) >= 2 and argv[0] == "help":
        # `tambon help geo load` is `tambon geo load --help`.
        return [*resolve(argv[1:]), "--help"]
    for words, (command, _) in sorted(COMMANDS.items(), key=lambda kv: -len(kv[0])):
        if tuple(argv[: len(words)]) == words:
            return [command, *argv[len(words) :]]
    print(_unknown(argv), file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or (len(args) == 1 and args[0] in HELP_WORDS):
        print(_help())
        return
    command = resolve(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tambon.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["tambon", *command])


if __name__ == "__main__":
    main()
