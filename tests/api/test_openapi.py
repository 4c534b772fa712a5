import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_openapi_document_is_valid_json_listing_the_geo_paths(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["info"]["title"] == "Tambon API"
    assert document["info"]["version"] == "1"
    for path in (
        "/api/v1/geo/provinces",
        "/api/v1/geo/provinces/{code}",
        "/api/v1/geo/districts",
        "/api/v1/geo/subdistricts",
        "/api/v1/geo/subdistricts/{code}",
        "/api/v1/geo/villages",
    ):
        assert path in document["paths"], path


def test_the_openapi_document_declares_bearer_tokens_and_the_session(client: Client) -> None:
    schemes = client.get("/api/v1/openapi.json").json()["components"]["securitySchemes"]

    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["TokenAuth"].items()
    assert schemes["BrowserSessionAuth"]["in"] == "cookie"


def test_the_docs_page_uses_the_bundled_swagger_ui_and_no_cdn(client: Client) -> None:
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    assert "/api/v1/openapi.json" in html
    for cdn in ("cdn.", "unpkg", "jsdelivr", "cdnjs", "https://", "http://"):
        assert cdn not in html, cdn


def test_the_api_root_leads_to_the_docs(client: Client) -> None:
    response = client.get("/api/v1/")

    assert response.status_code == 302
    assert response["Location"] == "/api/v1/docs"
