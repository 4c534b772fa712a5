"""PDF documents with WeasyPrint and the Sarabun font, which shapes Thai correctly.

`render_pdf("training/pdf/certificate.html", context)` renders a Django template to PDF bytes.
Templates extend "core/pdf/base.html", which declares the fonts; the font files are the ones
vendored from npm into static/vendor/sarabun (no network access while rendering).
"""

from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

SARABUN_WEIGHTS = (400, 600, 700)


@cache
def _font_dir() -> Path:
    found = finders.find("vendor/sarabun/400.css")
    if not found:
        raise RuntimeError("Sarabun is not vendored: run scripts/vendor-static.sh (make setup)")
    return Path(str(found)).parent / "files"


# Thai and Latin come from two files of one typeface; each gets its own family name, since
# WeasyPrint would otherwise merge them into one PDF font and garble the text layer.
FONT_STACK = "'Sarabun Latin', 'Sarabun Thai', sans-serif"
_SUBSETS = (("Sarabun Latin", "latin"), ("Sarabun Thai", "thai"))


@cache
def font_faces_css() -> str:
    """@font-face rules for Sarabun (Thai and Latin files, three weights), from local files."""
    rules = []
    for family, subset in _SUBSETS:
        for weight in SARABUN_WEIGHTS:
            path = _font_dir() / f"sarabun-{subset}-{weight}-normal.woff"
            rules.append(
                f"@font-face {{ font-family: '{family}'; font-style: normal; "
                f"font-weight: {weight}; src: url('{path.as_uri()}') format('woff'); }}"
            )
    return "\n".join(rules)


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=base_url or str(_font_dir())).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def render_pdf(template: str, context: dict[str, Any], *, language: str = "th") -> bytes:
    """Render a template that extends core/pdf/base.html into PDF bytes."""
    with translation.override(language):
        fonts = {"font_faces_css": font_faces_css(), "font_stack": FONT_STACK}
        html = render_to_string(template, {**context, **fonts})
    return html_to_pdf(html)
