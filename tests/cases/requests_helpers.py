"""Shared arrangements of the request-for-help tests: a village of ศรีภูมิ, a valid public
form post, and requests submitted through the service."""

from typing import Any

from tambon.cases.models import HelpRequest
from tambon.cases.services.requests import RequestData, submit_request
from tambon.geo.models import Subdistrict, Village
from tambon.registry.models import ProblemType

SIPHUM = "500101"
SIPHUM_VILLAGE = "50010101"
PHRA_BOROM = "100101"
DESCRIPTION = "ยายอายุ 82 ปี อยู่บ้านคนเดียว ขาเจ็บเดินไม่ได้ ไม่มีคนดูแล"


def village(code: str = SIPHUM_VILLAGE) -> Village:
    found, _created = Village.objects.get_or_create(
        code=code,
        defaults={"subdistrict_id": code[:6], "number": int(code[6:]), "name_th": "บ้านช้างเผือก"},
    )
    return found


def form_post(**changes: Any) -> dict[str, str]:
    """What a phone posts to /help/ for an elderly woman alone in หมู่ 1 ศรีภูมิ."""
    village()
    data = {
        "problem_type": "elderly",
        "place-province": "50",
        "place-district": "5001",
        "place-subdistrict": SIPHUM,
        "place-village": SIPHUM_VILLAGE,
        "place_detail": "ซอย 3 ข้างวัดช้างเผือก",
        "description": DESCRIPTION,
        "contact_name": "มาลี ใจงาม",
        "contact_phone": "081 234 5678",
        "for_someone_else": "on",
        "consent": "on",
        "website": "",
    }
    data.update({k: v for k, v in changes.items() if v is not None})
    for key in [k for k, v in changes.items() if v is None]:
        data.pop(key, None)
    return data


def submit(subdistrict: str = SIPHUM, **changes: Any) -> HelpRequest:
    fields: dict[str, Any] = {
        "subdistrict": Subdistrict.objects.get(pk=subdistrict),
        "description": DESCRIPTION,
        "problem_type": ProblemType.objects.get(code="elderly"),
        "contact_name": "มาลี ใจงาม",
        "contact_phone": "0812345678",
        "consent": True,
    }
    fields.update(changes)
    return submit_request(data=RequestData(**fields))
