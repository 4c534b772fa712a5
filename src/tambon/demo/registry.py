"""The demo-data registry: each app contributes generators in its own `demo_data.py`.

    from tambon.demo.registry import DemoContext, generator

    @generator(name="registry.households", order=40)
    def households(ctx: DemoContext) -> str:
        ...
        return f"{created} households"

Generators run in `order` (then name), each in its own transaction, and must be deterministic
for a given seed (use `ctx.random` and `ctx.fake`, never the global random) and idempotent:
a second run with the same seed creates nothing new and loses nothing.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from tambon.demo.scales import Scale, program_subdistricts, scale_named

if TYPE_CHECKING:
    from faker import Faker

    from tambon.demo.providers import ThaiAreaProvider

DEMO_PASSWORD = "tambon-demo"  # noqa: S105 - printed on purpose: demo accounts only
DEMO_EMAIL_DOMAIN = "demo.tambon.example"

Progress = Callable[[int, int], None]
GeneratorFunc = Callable[["DemoContext"], str]


def _no_progress(done: int, total: int) -> None:
    return None


@dataclass
class DemoContext:
    """What every generator gets: the scale, the seeded randomness and the program area."""

    scale: Scale
    seed: int
    subdistrict_codes: list[str]
    progress: Progress = _no_progress
    random: random.Random = field(init=False)
    current: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.random = random.Random(self.seed)

    @classmethod
    def create(cls, *, scale: str, seed: int, progress: Progress | None = None) -> DemoContext:
        """A context for `scale` (small, medium, large); the geography must be loaded."""
        chosen = scale_named(scale)
        return cls(
            scale=chosen,
            seed=seed,
            subdistrict_codes=program_subdistricts(chosen),
            progress=progress or _no_progress,
        )

    @cached_property
    def fake(self) -> Faker:
        """A Faker('th_TH') with the Thai address provider over the program sub-districts."""
        from faker import Faker

        from tambon.demo.providers import ThaiAreaProvider

        fake = Faker("th_TH")
        fake.add_provider(ThaiAreaProvider(fake, subdistrict_codes=self.subdistrict_codes))
        fake.seed_instance(self.seed)
        return fake

    @property
    def area_provider(self) -> ThaiAreaProvider:
        from tambon.demo.providers import ThaiAreaProvider

        return next(p for p in self.fake.providers if isinstance(p, ThaiAreaProvider))

    def reseed(self, name: str) -> None:
        """Give generator `name` its own random streams, so adding a generator shifts no other."""
        self.current = name
        self.random = random.Random(f"{self.seed}:{name}")
        self.fake.seed_instance(f"{self.seed}:{name}")
        self.area_provider.thai_area_reload()

    def reseed_item(self, key: str) -> None:
        """Seed the streams from one item's key: it then gets the same data at every scale."""
        self.random = random.Random(f"{self.seed}:{self.current}:{key}")
        self.fake.seed_instance(f"{self.seed}:{self.current}:{key}")

    @cached_property
    def password_hash(self) -> str:
        """The demo password hashed once: hashing per user would take minutes at large scale."""
        from django.contrib.auth.hashers import make_password

        return make_password(DEMO_PASSWORD)

    @property
    def home_subdistrict(self) -> str:
        """The first program sub-district of the first province (ศรีภูมิ 500101 at every scale)."""
        home = self.scale.provinces[0].code
        return min(c for c in self.subdistrict_codes if c.startswith(home))

    @property
    def province_codes(self) -> list[str]:
        return sorted({code[:2] for code in self.subdistrict_codes})

    @property
    def district_codes(self) -> list[str]:
        return sorted({code[:4] for code in self.subdistrict_codes})


@dataclass(frozen=True)
class Generator:
    name: str
    order: int
    func: GeneratorFunc

    @property
    def description(self) -> str:
        doc = (self.func.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""


@dataclass(frozen=True)
class GeneratorRun:
    generator: Generator
    summary: str
    seconds: float


_generators: dict[str, Generator] = {}


def generator(*, name: str, order: int = 100) -> Callable[[GeneratorFunc], GeneratorFunc]:
    """Register a demo-data generator `(ctx) -> one-line summary` under a unique name."""

    def register(func: GeneratorFunc) -> GeneratorFunc:
        existing = _generators.get(name)
        if existing is not None and existing.func.__qualname__ != func.__qualname__:
            raise ValueError(f"Two demo generators are named {name!r}.")
        _generators[name] = Generator(name=name, order=order, func=func)
        return func

    return register


def generators() -> list[Generator]:
    """Every registered generator of every installed app, in the order they run."""
    autodiscover_modules("demo_data")
    return sorted(_generators.values(), key=lambda g: (g.order, g.name))


def run_generators(
    ctx: DemoContext,
    *,
    only: Sequence[str] = (),
    before: Callable[[Generator], None] | None = None,
    after: Callable[[GeneratorRun], None] | None = None,
) -> list[GeneratorRun]:
    """Run the registered generators (or `only` those named), each in one transaction."""
    chosen = generators()
    unknown = set(only) - {g.name for g in chosen}
    if unknown:
        raise ValueError(f"Unknown demo generator(s): {', '.join(sorted(unknown))}")
    runs: list[GeneratorRun] = []
    for gen in chosen:
        if only and gen.name not in only:
            continue
        if before:
            before(gen)
        ctx.reseed(gen.name)
        started = time.perf_counter()
        with transaction.atomic():
            summary = gen.func(ctx)
        run = GeneratorRun(gen, summary, time.perf_counter() - started)
        runs.append(run)
        if after:
            after(run)
    return runs
