"""Shapes of the geography in the API: DOPA codes, Thai and English names, parent codes."""

from ninja import Field, Schema

from tambon.geo.models import District, Subdistrict, Village


class AreaRef(Schema):
    code: str
    name_th: str
    name_en: str


class ProvinceOut(Schema):
    code: str = Field(..., description="Two-digit DOPA province code.", examples=["50"])
    name_th: str = Field(..., examples=["เชียงใหม่"])
    name_en: str = Field(..., examples=["Chiang Mai"])


class DistrictOut(Schema):
    code: str = Field(..., description="Four-digit DOPA district code.", examples=["5001"])
    name_th: str = Field(..., examples=["เมืองเชียงใหม่"])
    name_en: str = Field(..., examples=["Mueang Chiang Mai"])
    province_code: str = Field(..., examples=["50"])

    @staticmethod
    def resolve_province_code(obj: District) -> str:
        return str(obj.province_id)


class SubdistrictOut(Schema):
    code: str = Field(..., description="Six-digit DOPA sub-district code.", examples=["500101"])
    name_th: str = Field(..., examples=["ศรีภูมิ"])
    name_en: str = Field(..., examples=["Si Phum"])
    district_code: str = Field(..., examples=["5001"])
    province_code: str = Field(..., examples=["50"])
    postal_codes: list[str] = Field(..., examples=[["50200"]])

    @staticmethod
    def resolve_district_code(obj: Subdistrict) -> str:
        return str(obj.district_id)

    @staticmethod
    def resolve_province_code(obj: Subdistrict) -> str:
        return str(obj.province_id)

    @staticmethod
    def resolve_postal_codes(obj: Subdistrict) -> list[str]:
        return obj.postal_code_list


class SubdistrictDetailOut(SubdistrictOut):
    """A sub-district with the names of its district and province."""

    district: AreaRef
    province: AreaRef


class VillageOut(Schema):
    code: str = Field(..., description="Eight digits: sub-district code + village number.")
    number: int = Field(..., description="หมู่ที่ (village number).", examples=[3])
    name_th: str
    name_en: str
    subdistrict_code: str = Field(..., examples=["500101"])

    @staticmethod
    def resolve_subdistrict_code(obj: Village) -> str:
        return str(obj.subdistrict_id)
