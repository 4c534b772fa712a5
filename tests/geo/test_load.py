import pytest
from django.core.management import call_command

from tambon.geo.models import District, Province, Subdistrict
from tambon.geo.services import load_geography

pytestmark = pytest.mark.django_db


def test_all_of_thailand_is_loaded() -> None:
    assert Province.objects.count() == 77
    assert District.objects.count() == 928
    assert Subdistrict.objects.count() == 7436


def test_a_known_subdistrict_has_its_names_and_postal_code() -> None:
    siphum = Subdistrict.objects.select_related("district", "province").get(code="500101")
    assert siphum.name_th == "ศรีภูมิ"
    assert siphum.district.name_th == "เมืองเชียงใหม่"
    assert siphum.province.name_th == "เชียงใหม่"
    assert siphum.postal_code_list == ["50200"]


def test_loading_again_changes_nothing() -> None:
    Subdistrict.objects.filter(code="500101").update(name_th="แก้ไขผิด")
    result = load_geography()
    assert (result.provinces, result.districts, result.subdistricts) == (77, 928, 7436)
    assert Subdistrict.objects.count() == 7436
    assert Subdistrict.objects.get(code="500101").name_th == "ศรีภูมิ"


def test_the_cli_command_reports_the_counts(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("geo_load")
    assert "77 provinces, 928 districts, 7,436 sub-districts" in capsys.readouterr().out


def test_a_user_without_the_permission_cannot_import_villages(siphum_officer) -> None:  # type: ignore[no-untyped-def]
    from tambon.core.errors import PermissionDenied
    from tambon.geo.models import Village
    from tambon.geo.services import import_villages

    csv_data = "subdistrict_code,village_no,name_th\n500101,1,บ้านศรีภูมิ\n".encode()
    with pytest.raises(PermissionDenied):
        import_villages(data=csv_data, by=siphum_officer)
    assert not Village.objects.filter(subdistrict_id="500101").exists()
