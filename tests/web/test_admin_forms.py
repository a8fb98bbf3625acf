"""Administration forms a service refuses: the reason beside its field, every value typed kept,
nothing saved; accounts limited to areas name them by title (#11 item 6)."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from assess.models import AuditEvent, Country, Region, User
from tests.web.admin_support import client_of


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("url", "data", "field", "reason", "kept"),
    [
        (
            "/admin/regions",
            {"region-code": "SEEE", "region-name": "South East Again"},
            "region-code",
            "region code 'SEEE': a region with this code already exists",
            ["South East Again"],
        ),
        (
            "/admin/countries",
            {"country-code": "XA", "country-name": "Zerland", "country-region": "AAF"},
            "country-code",
            "country code 'XA': a country with this code already exists",
            ["Zerland", '<option selected value="AAF">'],
        ),
        (
            "/admin/users",
            {"username": "nfp-xa", "role": "team", "place": "country:XB", "areas": ["legal"]},
            "username",
            "user name 'nfp-xa': this name is already taken",
            ['<option selected value="country:XB">', '<option selected value="legal">'],
        ),
        (
            "/admin/users",
            {"username": "new-one", "role": "nfp", "place": "country:XB", "areas": ["legal"]},
            "areas",
            "only team members are limited to areas",
            ['value="new-one"', '<option selected value="country:XB">'],
        ),
        (
            "/admin/users",
            {"username": "new-two", "role": "secretariat", "place": "country:XB"},
            "place",
            "a secretariat user belongs to one region and no country",
            ['value="new-two"', '<option selected value="secretariat">'],
        ),
    ],
)
def test_a_refused_admin_form_shows_the_reason_beside_its_field_and_keeps_the_rest(
    app, world, db, url, data, field, reason, kept
) -> None:
    before = (count(db, Region), count(db, Country), count(db, User), count(db, AuditEvent))
    response = client_of(app, "admin").post(url, data=data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert f'<p class="error" id="{field}-error">{reason}</p>' in page
    assert f'aria-describedby="{field}-error"' in page
    assert all(value in page for value in kept), [v for v in kept if v not in page]
    assert 'class="flash flash-error"' not in page  # the reason is beside its field, not on top
    db.expire_all()
    assert (count(db, Region), count(db, Country), count(db, User), count(db, AuditEvent)) == (
        before
    )


def test_two_different_passwords_are_refused_beside_the_second(app, world, db) -> None:
    admin = client_of(app, "admin")
    person = db.scalar(select(User).where(User.username == "nfp-xa"))
    data = {"password": "a-long-enough-secret", "again": "another-long-secret"}
    response = admin.post(f"/admin/users/{person.id}/password", data=data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert (
        '<p class="error" id="again-error">the two passwords differ: type the same password '
        "twice</p>" in page
    )


def test_accounts_limited_to_areas_show_the_areas_titles(app, world, db) -> None:
    admin = client_of(app, "admin")
    data = {"username": "team-xa9", "role": "team", "place": "country:XA", "areas": ["legal"]}
    assert admin.post("/admin/users", data=data).status_code == 200
    page = admin.get("/admin/").get_data(as_text=True)
    form_option = '<option value="legal">Legal framework</option>'
    assert form_option in page
    row = page[page.index('<th scope="row">team-xa9</th>') :][:400]
    assert "Legal framework" in row and ">legal<" not in row


def test_the_events_log_names_areas_by_title(app, world, db) -> None:
    admin = client_of(app, "admin")
    data = {"username": "team-xa8", "role": "team", "place": "country:XA", "areas": ["legal"]}
    assert admin.post("/admin/users", data=data).status_code == 200
    page = html.unescape(admin.get("/admin/events").get_data(as_text=True))
    row = page[page.index("team-xa8") - 200 :][:600]
    assert "areas: Legal framework." in row and "['legal']" not in row and '"legal"' not in row
