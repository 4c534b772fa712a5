import time
from typing import IO, Any, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations
from django.urls import reverse
from django.utils import translation
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.demo.demo_data import AccountSpec, area_label, more_accounts, named_accounts
from tambon.demo.registry import (
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    DemoContext,
    Generator,
    GeneratorRun,
    generators,
    run_generators,
)
from tambon.demo.scales import SCALES
from tambon.geo.models import Province
from tambon.geo.services import load_geography


class Command(BaseCommand):
    help = (
        "Create a realistic synthetic demo dataset (Thai names, real places and postal codes) "
        "and one demo account per role. Deterministic for a given --seed, and safe to run "
        "again: a second run with the same seed creates nothing new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="small",
            help="How much data: small (6 sub-districts of Chiang Mai), medium (Chiang Mai, "
            "Khon Kaen, Surat Thani) or large (10 provinces). Default: small.",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed; the same seed gives the same data."
        )
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="GENERATOR",
            help="Run only this generator (repeatable); see --list.",
        )
        parser.add_argument(
            "--list", action="store_true", help="List the registered generators and exit."
        )

    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout._out), highlight=False)
        if not console.is_terminal:
            console.width = 120
        if options["list"]:
            self._list(console, generators())
            return
        started = time.perf_counter()
        if not Province.objects.exists():
            with console.status("Loading Thai geography from geothai…"):
                load_geography()
        ctx = DemoContext.create(scale=options["scale"], seed=options["seed"])
        console.print(
            f"Demo data: scale [bold]{ctx.scale.name}[/], seed {ctx.seed}, "
            f"{len(ctx.subdistrict_codes)} program sub-districts in "
            f"{len(ctx.province_codes)} province(s)."
        )
        runs = self._run(console, ctx, options["only"])
        for run in runs:
            console.print(f"  [green]✓[/] {run.generator.name}: {run.summary}")
        console.print(f"Done in {time.perf_counter() - started:.1f} s.\n")
        self._accounts(console, ctx)

    def _list(self, console: Console, gens: list[Generator]) -> None:
        table = Table("Order", "Generator", "What it creates", title="Demo generators")
        for gen in gens:
            table.add_row(str(gen.order), gen.name, gen.description)
        console.print(table)

    def _run(self, console: Console, ctx: DemoContext, only: list[str]) -> list[GeneratorRun]:
        columns = (
            TextColumn("{task.description:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=not console.is_terminal) as progress:

            def before(gen: Generator) -> None:
                task = progress.add_task(gen.name, total=None)
                ctx.progress = lambda done, total: progress.update(
                    task, completed=done, total=total
                )

            def after(run: GeneratorRun) -> None:
                task = progress.tasks[-1]
                progress.update(task.id, completed=task.total or 1, total=task.total or 1)

            try:
                return run_generators(ctx, only=only, before=before, after=after)
            except (ValueError, LookupError) as exc:
                raise CommandError(str(exc)) from None

    def _accounts(self, console: Console, ctx: DemoContext) -> None:
        specs = named_accounts(ctx)
        users = {
            u.username: u for u in User.objects.filter(username__in=[s.username for s in specs])
        }
        table = Table("Username", "Role", "Area", "Password", title="Demo accounts")
        for spec in specs:
            user = users.get(spec.username)
            if user is None:
                continue
            ours = user.email.endswith(f"@{DEMO_EMAIL_DOMAIN}")
            table.add_row(
                spec.username,
                _role_label(spec.role),
                _areas(spec),
                DEMO_PASSWORD if ours else "(existing account, not changed)",
            )
        console.print(table)
        others = more_accounts(ctx)
        if others:
            sample = ", ".join(s.username for s in others[:3])
            console.print(
                f"…and {len(others)} more officers and volunteers ({sample}, …) "
                f"with the same password."
            )
        login_url = f"{settings.SITE_URL}{reverse('account_login')}"
        console.print(
            f"\nSign in at [bold]{login_url}[/] with a username above and the password "
            f"[bold]{DEMO_PASSWORD}[/].\n"
            "The national admin and provincial officer accounts will be asked to set up an "
            "authenticator app (TOTP) on first login."
        )


def _role_label(role: str) -> str:
    with translation.override("th"):
        thai = str(Role(role).label)
    with translation.override("en"):
        english = str(Role(role).label)
    return f"{thai} / {english}" if thai != english else english


def _areas(spec: AccountSpec) -> str:
    if not spec.area_codes:
        return "ทั่วประเทศ / everywhere"
    return "; ".join(area_label(code) for code in spec.area_codes)
