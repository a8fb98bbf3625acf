"""The ministries of a national team: named by the NFP alone, unique per country, members of the
country only; members edit their ministries' areas; each marks its part done until submitted."""

from __future__ import annotations

import pytest

from assess.models import Assessment, AuditEvent
from assess.services import access, ministries
from assess.services import assessments as lifecycle
from assess.services.errors import InvalidFields, InvalidTransition, NotAllowed
from tests.services.test_assessments import answer_required


@pytest.fixture
def draft(db, world) -> Assessment:
    country = world["nfp-xa"].country
    return lifecycle.open_round(db, world["secretariat-seee"], country, "web-test", "1.0", "2026")


@pytest.fixture
def health(db, world):
    nfp = world["nfp-xa"]
    return ministries.create_ministry(
        db, nfp, nfp.country, "Ministry of Health", "MoH", ["legal"], [world["team-xa"].id]
    )


def test_the_nfp_names_a_ministry_with_areas_and_members_audited(db, world, health) -> None:
    db.expire_all()
    [found] = ministries.ministries_of(db, world["nfp-xa"].country)
    event = db.query(AuditEvent).filter_by(action="ministry-created").one()
    assert (found.name, found.short_name, found.areas, [u.username for u in found.members]) == (
        "Ministry of Health",
        "MoH",
        ["legal"],
        ["team-xa"],
    )
    assert event.new == {
        "country": "XA",
        "name": "Ministry of Health",
        "short_name": "MoH",
        "areas": ["legal"],
        "members": ["team-xa"],
    }


@pytest.mark.parametrize("username", ["team-xa", "secretariat-seee", "admin", "nfp-xb"])
def test_only_the_countrys_nfp_manages_its_ministries(db, world, username) -> None:
    with pytest.raises(NotAllowed):
        ministries.create_ministry(db, world[username], world["nfp-xa"].country, "Interior")


@pytest.mark.parametrize(
    ("name", "short", "areas", "member", "field"),
    [
        ("", "", [], None, "name"),
        ("x" * 201, "", [], None, "name"),
        ("Interior", "y" * 33, [], None, "short_name"),
        ("Interior", "", ["nowhere"], None, "areas"),
        ("Interior", "", [], "team-xb", "members"),
        ("Interior", "", [], "secretariat-seee", "members"),
        ("ministry of health", "", [], None, "name"),
    ],
)
def test_a_ministry_with_a_bad_value_is_refused_beside_its_field(
    db, world, health, name, short, areas, member, field
) -> None:
    nfp = world["nfp-xa"]
    members = [world[member].id] if member else []
    with pytest.raises(InvalidFields) as refused:
        ministries.create_ministry(db, nfp, nfp.country, name, short, areas, members)
    assert list(refused.value.fields) == [field]


def test_the_same_name_is_allowed_in_another_country(db, world, health) -> None:
    nfp = world["nfp-xb"]
    made = ministries.create_ministry(db, nfp, nfp.country, "Ministry of Health")
    assert made.country.code == "XB"


def test_a_member_edits_the_ministrys_areas_and_their_own(db, world, draft, health) -> None:
    member = world["team-xa"]
    db.expire_all()
    assert access.can_edit_area(member, draft, ["legal"])
    assert not access.can_edit_area(member, draft, ["response"])
    member.areas = ["response"]
    assert access.can_edit_area(member, draft, ["response"])


def test_a_team_member_of_no_ministry_still_edits_every_area(db, world, draft) -> None:
    assert access.can_edit_area(world["team-xa"], draft, ["response"])


def test_a_change_and_a_removal_are_audited(db, world, health) -> None:
    nfp = world["nfp-xa"]
    ministries.update_ministry(db, nfp, health, "Health", "", ["legal", "response"], [])
    assert (health.name, health.areas, health.members) == ("Health", ["legal", "response"], [])
    ministries.remove_ministry(db, nfp, health)
    actions = [e.action for e in db.query(AuditEvent).order_by(AuditEvent.id)]
    assert actions[-3:] == ["ministry-created", "ministry-changed", "ministry-removed"]
    assert ministries.ministries_of(db, nfp.country) == []


def test_a_part_counts_its_areas_and_says_what_is_blank(db, world, draft, health) -> None:
    [part] = ministries.parts(db, draft)
    assert (part.area_ids, part.answered, part.done) == (("legal",), 0, None)
    assert [m.question_id for m in part.blank] == ["leg_law", "leg_nuclear"]
    answer_required(db, world["nfp-xa"], draft)
    [part] = ministries.parts(db, draft)
    assert (part.answered, part.applicable, part.blank) == (2, 2, ())


def test_a_member_marks_the_part_done_and_unmarks_it_audited(db, world, draft, health) -> None:
    member = world["team-xa"]
    ministries.mark_part(db, member, draft, health, True)
    [part] = ministries.parts(db, draft)
    assert (part.done.by.username, ministries.not_done([part])) == ("team-xa", [])
    ministries.mark_part(db, world["nfp-xa"], draft, health, False)
    assert ministries.parts(db, draft)[0].done is None
    events = [(e.user.username, e.new) for e in db.query(AuditEvent).filter_by(action="part")]
    assert events == [
        ("team-xa", {"ministry": "Ministry of Health", "done": True}),
        ("nfp-xa", {"ministry": "Ministry of Health", "done": False}),
    ]


@pytest.mark.parametrize("username", ["secretariat-seee", "nfp-xb", "admin"])
def test_only_the_nfp_and_members_mark_a_part(db, world, draft, health, username) -> None:
    with pytest.raises(NotAllowed):
        ministries.mark_part(db, world[username], draft, health, True)


def test_a_team_member_outside_the_ministry_may_not_mark_it(db, world, draft, health) -> None:
    nfp = world["nfp-xa"]
    ministries.update_ministry(db, nfp, health, "Ministry of Health", "", ["legal"], [])
    with pytest.raises(NotAllowed):
        ministries.mark_part(db, world["team-xa"], draft, health, True)


def test_parts_cannot_change_once_submitted_and_do_not_block_it(db, world, draft, health) -> None:
    answer_required(db, world["nfp-xa"], draft)
    lifecycle.submit(db, world["nfp-xa"], draft)
    assert draft.status == "submitted"
    with pytest.raises(InvalidTransition):
        ministries.mark_part(db, world["team-xa"], draft, health, True)


def test_only_the_nfp_submits_even_with_every_part_done(db, world, draft, health) -> None:
    answer_required(db, world["nfp-xa"], draft)
    ministries.mark_part(db, world["team-xa"], draft, health, True)
    with pytest.raises(NotAllowed):
        lifecycle.submit(db, world["team-xa"], draft)
