"""Creating regions and countries; hostile input in administration forms is refused or escaped."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assess.models import AuditEvent, Country, Region
from assess.services.text_input import LONG_TEXT
from tests.web.admin_support import client_of


def test_an_admin_creates_a_region_and_a_country_in_it(app, world, db) -> None:
    admin = client_of(app, "admin")
    admin.post("/admin/regions", data={"region-code": "CA", "region-name": "Central Asia"})
    data = {"country-code": "XZ", "country-name": "Zerland", "country-region": "CA"}
    response = admin.post("/admin/countries", data=data)
    assert response.status_code == 303
    country = db.scalars(select(Country).where(Country.code == "XZ")).one()
    assert (country.name, country.region.code) == ("Zerland", "CA")
    actions = db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["region-created", "country-created"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("seee", "region code 'seee': use 2 to 16 upper-case letters (A-Z)"),
        ("SE1", "region code 'SE1': use 2 to 16 upper-case letters (A-Z)"),
        ("SEEE", "region code 'SEEE': a region with this code already exists"),
    ],
)
def test_a_bad_or_taken_region_code_is_refused_with_the_reason(app, world, db, code, message):
    data = {"region-code": code, "region-name": "Somewhere"}
    response = client_of(app, "admin").post("/admin/regions", data=data)
    assert response.status_code == 400
    assert message.replace("'", "&#39;") in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("xz", "country code 'xz': use two upper-case letters (ISO 3166)"),
        ("XZZ", "country code 'XZZ': use two upper-case letters (ISO 3166)"),
        ("X1", "country code 'X1': use two upper-case letters (ISO 3166)"),
        ("XA", "country code 'XA': a country with this code already exists"),
    ],
)
def test_a_bad_or_taken_country_code_is_refused_with_the_reason(app, world, db, code, message):
    data = {"country-code": code, "country-name": "Zerland", "country-region": "SEEE"}
    response = client_of(app, "admin").post("/admin/countries", data=data)
    assert response.status_code == 400
    assert message.replace("'", "&#39;") in response.get_data(as_text=True)


HOSTILE = ["a\x00b", "x" * 201, "\u202e\x1b[31m"]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_place_name_is_refused(app, world, db, name) -> None:
    admin = client_of(app, "admin")
    region = admin.post("/admin/regions", data={"region-code": "ZZ", "region-name": name})
    data = {"country-code": "XZ", "country-name": name, "country-region": "SEEE"}
    country = admin.post("/admin/countries", data=data)
    assert (region.status_code, country.status_code) == (400, 400)
    assert db.scalar(select(Region.id).where(Region.code == "ZZ")) is None


def test_html_in_a_place_name_is_shown_as_text(app, world, db) -> None:
    admin = client_of(app, "admin")
    name = '<script>alert("x")</script>'
    admin.post("/admin/regions", data={"region-code": "ZZ", "region-name": name})
    page = admin.get("/admin/").get_data(as_text=True)
    assert ("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page, name in page) == (
        True,
        False,
    )


@pytest.mark.parametrize(
    "username", ["<b>x</b>", "nul\x00name", "x" * 81, "a" * 100_000, "ü-user", " admin2"]
)
def test_a_hostile_user_name_is_refused(app, world, db, username) -> None:
    data = {"username": username, "role": "expert", "place": ""}
    response = client_of(app, "admin").post("/admin/users", data=data)
    # Beyond the longest text any field takes, the request is refused whole, before the form.
    assert response.status_code == (413 if len(username) > LONG_TEXT else 400)
    assert db.scalar(select(AuditEvent.id)) is None
