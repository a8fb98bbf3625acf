"""The national team in a real browser, in English and Arabic: the NFP names a ministry, assigns
it an area and a member; the member marks the ministry's part done, confirming what is still
blank; every page on the way passes axe."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from assess.models import Ministry, User
from assess.services import ministries
from tests.browser.conftest import screenshot, sign_in
from tests.browser.test_accessibility import LOCALES, WCAG_21_AA, described

pytestmark = pytest.mark.browser


def no_violations(page, name: str) -> list[str]:
    screenshot(page, name)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return described(results.response["violations"])


def remove(live, name: str) -> None:
    """Take the ministry away again: it limits team-xa's areas for the other browser tests."""
    with live.session() as session:
        made = session.scalar(select(Ministry).where(Ministry.name == name))
        if made is not None:
            nfp = session.scalar(select(User).where(User.username == "nfp-xa"))
            ministries.remove_ministry(session, nfp, made)


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_the_nfp_names_a_ministry_and_its_member_marks_the_part_done(new_page, live, lang):
    round_id = live.open_round("XA")
    area = live.area_ids(round_id)[0]
    name = f"Ministry of Health {lang}"
    with live.session() as session:
        member_id = session.scalar(select(User.id).where(User.username == "team-xa"))
    try:
        nfp = new_page(locale=LOCALES[lang])
        sign_in(nfp, "nfp-xa")
        nfp.locator('nav a[href="/countries/XA/ministries"]').click()
        assert no_violations(nfp, f"ministries-empty-{lang}") == []
        form = nfp.locator('form[action="/countries/XA/ministries"]')
        form.locator('input[name="new-name"]').fill(name)
        form.locator('input[name="new-short_name"]').fill("MoH")
        form.locator(f'input[name="new-areas"][value="{area}"]').check()
        form.locator(f'input[name="new-members"][value="{member_id}"]').check()
        form.locator("#add-ministry").click()
        row = nfp.locator("#ministries tbody tr", has_text=name)
        assert "team-xa" in row.inner_text()
        assert no_violations(nfp, f"ministries-{lang}") == []

        member = new_page(locale=LOCALES[lang])
        sign_in(member, "team-xa")
        member.goto(f"/assessments/{round_id}")
        part = member.locator("#parts-table tbody tr", has_text=name)
        assert no_violations(member, f"parts-overview-{lang}") == []
        part.locator("button[type=submit]").click()
        # Questions of its area are blank: the part's page says which and asks first.
        assert member.locator("#part-blank li").count() > 0
        assert no_violations(member, f"part-confirm-{lang}") == []
        member.locator("#mark-done").click()
        member.wait_for_url(re.compile(rf"/assessments/{round_id}(#parts)?$"))
        done = member.locator("#parts-table tbody tr", has_text=name).locator(".part-done")
        assert "team-xa" in done.inner_text()
        assert no_violations(member, f"parts-done-{lang}") == []
    finally:
        remove(live, name)
