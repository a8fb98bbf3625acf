"""Managing accounts: creating, deactivating, reactivating, resetting passwords; a secretariat
manages the national team accounts of its own region only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assess.models import AuditEvent, User
from tests.web.admin_support import client_of, one_time_password


def _id(db, username: str) -> int:
    return db.scalar(select(User.id).where(User.username == username))


def test_an_admin_creates_a_team_member_limited_to_areas_who_signs_in(app, world, db) -> None:
    admin = client_of(app, "admin")
    response = admin.post(
        "/admin/users",
        data={"username": "team-xa2", "role": "team", "place": "country:XA", "areas": ["legal"]},
    )
    password = one_time_password(response.get_data(as_text=True))
    created = db.scalars(select(User).where(User.username == "team-xa2")).one()
    assert (created.role, created.country.code, created.areas) == ("team", "XA", ["legal"])
    assert client_of(app, "team-xa2", password).get("/dashboard").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "nfp-xa", "role": "nfp", "place": "country:XA"}, "already taken"),
        ({"username": "sec-x", "role": "secretariat", "place": "country:XA"}, "one region"),
        ({"username": "nfp-z", "role": "nfp", "place": ""}, "one country and no region"),
        (
            {"username": "coord-z", "role": "coordinator", "place": "region:SEEE"},
            "a coordinator user belongs to no region and no country",
        ),
        ({"username": "Nfp-Z", "role": "nfp", "place": "country:XA"}, "lower-case letters"),
        (
            {"username": "nfp-z", "role": "nfp", "place": "country:XA", "areas": ["legal"]},
            "only team members are limited to areas",
        ),
    ],
)
def test_an_account_that_cannot_be_made_is_refused_with_the_reason(
    app, world, db, data, message
) -> None:
    response = client_of(app, "admin").post("/admin/users", data=data)
    assert (response.status_code, message in response.get_data(as_text=True)) == (400, True)


def test_an_admin_creates_a_coordinator_who_opens_the_regions_side_by_side(app, world, db) -> None:
    admin = client_of(app, "admin")
    response = admin.post(
        "/admin/users", data={"username": "coord-2", "role": "coordinator", "place": ""}
    )
    password = one_time_password(response.get_data(as_text=True))
    created = db.scalars(select(User).where(User.username == "coord-2")).one()
    assert (created.role, created.region, created.country) == ("coordinator", None, None)
    assert client_of(app, "coord-2", password).get("/interregional").status_code == 200


def test_creating_an_account_is_in_the_trail_of_people_and_places(app, world, db) -> None:
    admin = client_of(app, "admin")
    admin.post("/admin/users", data={"username": "expert2", "role": "expert", "place": ""})
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "user-created")).one()
    assert (event.user.username, event.new["username"], event.assessment_id) == (
        "admin",
        "expert2",
        None,
    )
    assert "expert2" in admin.get("/admin/events").get_data(as_text=True)


def test_a_deactivated_users_session_stops_working(app, world, db) -> None:
    nfp = client_of(app, "nfp-xa")
    response = client_of(app, "admin").post(f"/admin/users/{_id(db, 'nfp-xa')}/deactivate")
    assert response.status_code == 303
    assert nfp.get("/dashboard").status_code == 302


def test_a_reactivated_user_signs_in_again_but_old_sessions_stay_ended(app, world, db) -> None:
    nfp = client_of(app, "nfp-xa")
    admin = client_of(app, "admin")
    admin.post(f"/admin/users/{_id(db, 'nfp-xa')}/deactivate")
    admin.post(f"/admin/users/{_id(db, 'nfp-xa')}/reactivate")
    assert nfp.get("/dashboard").status_code == 302
    assert client_of(app, "nfp-xa").get("/dashboard").status_code == 200


def test_an_admin_cannot_deactivate_their_own_account(app, world, db) -> None:
    admin = client_of(app, "admin")
    response = admin.post(f"/admin/users/{_id(db, 'admin')}/deactivate", follow_redirects=True)
    assert "you cannot deactivate your own account" in response.get_data(as_text=True)
    assert admin.get("/admin/").status_code == 200


def test_a_generated_password_replaces_the_old_one(app, world, db) -> None:
    nfp = client_of(app, "nfp-xa")
    page = client_of(app, "admin").post(f"/admin/users/{_id(db, 'nfp-xa')}/password", data={})
    password = one_time_password(page.get_data(as_text=True))
    assert nfp.get("/dashboard").status_code == 302
    assert client_of(app, "nfp-xa", password).get("/dashboard").status_code == 200


def test_a_password_typed_twice_becomes_the_users_password(app, world, db) -> None:
    data = {"password": "a long new secret", "again": "a long new secret"}
    response = client_of(app, "admin").post(f"/admin/users/{_id(db, 'nfp-xa')}/password", data=data)
    assert response.status_code == 200
    assert client_of(app, "nfp-xa", "a long new secret").get("/dashboard").status_code == 200


@pytest.mark.parametrize(
    ("password", "again", "message"),
    [
        ("a long new secret", "a long new secreT", "the two passwords differ"),
        ("short", "short", "password: use 12 to 256 characters"),
        ("a long\x00new secret", "a long\x00new secret", "password: use 12 to 256 characters"),
    ],
)
def test_a_typed_password_that_is_unfit_is_refused(app, world, db, password, again, message):
    url = f"/admin/users/{_id(db, 'nfp-xa')}/password"
    response = client_of(app, "admin").post(url, data={"password": password, "again": again})
    assert (response.status_code, message in response.get_data(as_text=True)) == (400, True)


def test_a_secretariat_creates_a_national_account_of_its_region(app, world, db) -> None:
    secretariat = client_of(app, "secretariat-seee")
    data = {"username": "nfp-xb2", "role": "nfp", "place": "country:XB"}
    response = secretariat.post("/admin/regions/SEEE/people", data=data)
    assert one_time_password(response.get_data(as_text=True))
    assert db.scalar(select(User.country_id).where(User.username == "nfp-xb2")) is not None


@pytest.mark.parametrize(
    "data",
    [
        {"username": "nfp-xc2", "role": "nfp", "place": "country:XC"},
        {"username": "sec-2", "role": "secretariat", "place": "region:SEEE"},
        {"username": "admin2", "role": "admin", "place": ""},
    ],
)
def test_a_secretariat_cannot_create_other_accounts(app, world, db, data) -> None:
    response = client_of(app, "secretariat-seee").post("/admin/regions/SEEE/people", data=data)
    assert response.status_code == 400
    assert db.scalar(select(User.id).where(User.username == data["username"])) is None


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/admin/regions/AAF/people"),
        ("post", "/admin/regions/AAF/people"),
        ("post", "/admin/users/{nfp-xc}/deactivate"),
        ("post", "/admin/users/{secretariat-seee}/deactivate"),
        ("post", "/admin/users/{expert}/deactivate"),
    ],
)
def test_a_secretariat_gets_404_for_accounts_it_does_not_manage(app, world, db, method, url):
    for name in ("nfp-xc", "secretariat-seee", "expert"):
        url = url.replace("{" + name + "}", str(_id(db, name)))
    response = getattr(client_of(app, "secretariat-seee"), method)(url)
    assert response.status_code == 404


def test_a_secretariat_deactivates_a_national_account_of_its_region(app, world, db) -> None:
    response = client_of(app, "secretariat-seee").post(
        f"/admin/users/{_id(db, 'team-xb')}/deactivate"
    )
    assert response.headers["Location"] == "/admin/regions/SEEE/people"
    assert db.scalar(select(User.active).where(User.username == "team-xb")) is False


def test_a_secretariat_may_not_reset_passwords(app, world, db) -> None:
    response = client_of(app, "secretariat-seee").get(f"/admin/users/{_id(db, 'nfp-xa')}/password")
    assert response.status_code == 403


@pytest.mark.parametrize("username", ["nfp-xa", "team-xa", "expert"])
def test_national_users_and_experts_may_not_administer(app, world, db, username) -> None:
    client = client_of(app, username)
    responses = [
        client.get("/admin/").status_code,
        client.get("/admin/regions/SEEE/people").status_code,
        client.post(f"/admin/users/{_id(db, 'team-xa')}/deactivate").status_code,
    ]
    assert responses == [403, 404, 404]


def test_forms_without_their_csrf_token_are_refused(make_app, world, db) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    data = {"username": "admin", "password": "assess-demo", "csrf_token": token}
    client.post("/login", data=data)
    responses = [
        client.post("/admin/users", data={"username": "x1", "role": "expert"}).status_code,
        client.post("/admin/regions", data={"region-code": "ZZ", "region-name": "Z"}).status_code,
        client.post(f"/admin/users/{_id(db, 'nfp-xa')}/deactivate").status_code,
    ]
    assert responses == [400, 400, 400]
    assert db.scalar(select(User.active).where(User.username == "nfp-xa")) is True
