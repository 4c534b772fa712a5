"""PDFs carry Thai text that comes back out exactly, in an embedded Sarabun font."""

import io

from pypdf import PdfReader

from tambon.core.pdf import FONT_STACK, font_faces_css, html_to_pdf

TEXT = (
    "นางสาวสมหญิง ใจดี ได้ผ่านการอบรมหลักสูตรวิทยากรกระบวนการ Shift and Share "
    "รุ่นที่ 3 วันที่ ๓๑ มีนาคม พ.ศ. ๒๕๖๔ นายก้องเกียรติ ศักดิ์สิทธิ์"
)


def _pdf(body: str) -> PdfReader:
    style = f"{font_faces_css()} body {{ font-family: {FONT_STACK}; }}"
    html = f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    return PdfReader(io.BytesIO(html_to_pdf(html)))


def test_thai_text_comes_back_out_of_the_pdf_exactly() -> None:
    text = _pdf(f"<p>{TEXT}</p>").pages[0].extract_text()
    assert " ".join(text.split()) == TEXT


def test_the_pdf_embeds_the_sarabun_font() -> None:
    page = _pdf("<p>วุฒิบัตร</p>").pages[0]
    fonts = {str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}  # type: ignore[index]
    assert any("Sarabun" in name for name in fonts)
