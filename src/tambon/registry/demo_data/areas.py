"""Where the demo registry lives: the sub-districts, their villages, and who records there."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from tambon.accounts.models import User
from tambon.accounts.roles import Role
from tambon.demo.demo_data import AccountSpec, more_accounts, named_accounts
from tambon.demo.registry import DEMO_EMAIL_DOMAIN, DemoContext
from tambon.geo.models import Subdistrict, Village

BANGKOK = "10"
# Sub-districts across each demo province besides its program sub-districts, per program
# sub-district there: the provincial officer's lists then span the whole province.
SPREAD_PER_PROGRAM_SUBDISTRICT = 2


@dataclass(frozen=True)
class VillageInfo:
    code: str
    number: int
    name: str


@dataclass(frozen=True)
class Area:
    """A sub-district the demo fills, with what an address needs."""

    code: str
    name: str
    district: str
    province: str
    postal_code: str
    villages: tuple[VillageInfo, ...]

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def district_code(self) -> str:
        return self.code[:4]

    def address(self, house_number: str, village: VillageInfo | None) -> str:
        """12/3 หมู่ที่ 4 บ้านหนองบัว ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่ 50200 (แขวง/เขต in Bangkok)."""
        if self.province_code == BANGKOK:
            place = f"แขวง{self.name} เขต{self.district} {self.province}"
        else:
            place = f"ต.{self.name} อ.{self.district} จ.{self.province}"
        parts = [house_number]
        if village is not None:
            parts.append(f"หมู่ที่ {village.number}")
            if village.name:
                parts.append(village.name)
        parts += [place, self.postal_code]
        return " ".join(p for p in parts if p)


def reference_date() -> dt.date:
    """The day ages and survey dates count from: the first of the current month, so that a seed
    gives the same data all month while the demo stays current."""
    return timezone.localdate().replace(day=1)


def demo_accounts(ctx: DemoContext) -> list[AccountSpec]:
    return named_accounts(ctx) + more_accounts(ctx)


def target_subdistricts(ctx: DemoContext) -> list[str]:
    """Every sub-district a demo account covers at sub-district level, plus a spread of other
    sub-districts across each demo province (the same ones for a seed)."""
    covered = {c for spec in demo_accounts(ctx) for c in spec.area_codes if len(c) == 6}
    covered |= set(ctx.subdistrict_codes)
    spread: set[str] = set()
    for province in ctx.province_codes:
        own = sorted(c for c in covered if c.startswith(province))
        others = list(
            Subdistrict.objects.filter(province_id=province)
            .exclude(code__in=covered)
            .order_by("code")
            .values_list("code", flat=True)
        )
        rng = random.Random(f"{ctx.seed}:registry.spread:{province}")
        wanted = min(len(others), SPREAD_PER_PROGRAM_SUBDISTRICT * len(own))
        spread |= set(rng.sample(others, k=wanted))
    return sorted(covered | spread)


def load_areas(codes: list[str]) -> dict[str, Area]:
    """The areas of `codes` with their villages on record, in two queries."""
    villages: dict[str, list[VillageInfo]] = {}
    for code, sub, number, name in (
        Village.objects.filter(subdistrict_id__in=codes)
        .order_by("code")
        .values_list("code", "subdistrict_id", "number", "name_th")
    ):
        villages.setdefault(sub, []).append(VillageInfo(code, number, name))
    areas: dict[str, Area] = {}
    for subdistrict in (
        Subdistrict.objects.filter(code__in=codes)
        .select_related("district", "province")
        .order_by("code")
    ):
        postal = subdistrict.postal_code_list
        areas[subdistrict.code] = Area(
            code=subdistrict.code,
            name=subdistrict.name_th,
            district=subdistrict.district.name_th,
            province=subdistrict.province.name_th,
            postal_code=postal[0] if postal else "",
            villages=tuple(villages.get(subdistrict.code, ())),
        )
    return areas


def recorders(ctx: DemoContext, codes: list[str]) -> dict[str, User | None]:
    """Who records the registry of each sub-district: its demo sub-district officer, else the
    demo provincial officer of its province; None when the demo accounts were not made."""
    specs = demo_accounts(ctx)
    by_area: dict[str, str] = {}
    for spec in specs:
        if spec.role in (Role.SUBDISTRICT_OFFICER, Role.PROVINCIAL_OFFICER):
            for code in spec.area_codes:
                by_area.setdefault(code, spec.username)
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=set(by_area.values()), email__endswith=f"@{DEMO_EMAIL_DOMAIN}"
        )
    }
    found: dict[str, User | None] = {}
    for code in codes:
        username = by_area.get(code) or by_area.get(code[:4]) or by_area.get(code[:2])
        found[code] = users.get(username) if username else None
    return found
