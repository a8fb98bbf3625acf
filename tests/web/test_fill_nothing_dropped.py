"""Nothing typed is dropped while "saved" is shown: a value posted with "not applicable", and an
edit to a question that stopped applying after its page was opened (post it, read the database)."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

from tests.web.fill_support import FILL_APP, answer_url, area_url
from tests.web.test_fill import block, stored

APP_SETTINGS = FILL_APP


class _Form(HTMLParser):
    """What a browser without scripts posts from a page: its fields as drawn, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "textarea":
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "input" and a.get("name") and a.get("type") != "file":
            ticked = a.get("type") not in ("radio", "checkbox") or "checked" in a
            if ticked and "disabled" not in a:
                self.fields.append((a["name"], a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, text = self.fields[-1]
            self.fields[-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


def as_posted(html: str, **changes: str | list[str] | None) -> dict[str, list[str]]:
    """The page's form as posted, with fields changed (None: the field left out)."""
    form = _Form()
    form.feed(html)
    posted: dict[str, list[str]] = {}
    for name, value in form.fields:
        posted.setdefault(name, []).append(value.removeprefix("\r\n"))
    for name, value in changes.items():
        key = name.replace("__", "-")
        if value is None:
            posted.pop(key, None)
        else:
            posted[key] = value if isinstance(value, list) else [value]
    return posted


def _page(client, assessment: int, area: str = "legal") -> str:
    return client.get(area_url(assessment, area)).get_data(as_text=True)


def _save(client, assessment: int, question: str, **answer) -> None:
    payload = {"state": "answered", "value": "", "version": 0, **answer}
    assert client.post(answer_url(assessment, question), json=payload).status_code == 200


def test_a_level_chosen_while_not_applicable_is_selected_is_saved_as_the_answer(
    client, db, login, assessment
):
    login("nfp-xa")
    _save(client, assessment, "leg_law", state="na")
    posted = as_posted(_page(client, assessment), q__leg_law__value="2")
    assert posted["q-leg_law-state"] == ["na"]
    response = client.post(area_url(assessment, "legal"), data=posted)
    assert response.status_code == 303
    assert stored(db, assessment)["leg_law"] == ("answered", 2, None, 2)


def test_not_applicable_chosen_over_a_shown_level_is_saved_as_not_applicable(
    client, db, login, assessment
):
    login("nfp-xa")
    _save(client, assessment, "leg_law", value="2")
    # Without a script the level's radio stays ticked: only the state changed.
    posted = as_posted(_page(client, assessment), q__leg_law__state="na")
    assert posted["q-leg_law-value"] == ["2"]
    response = client.post(area_url(assessment, "legal"), data=posted)
    assert response.status_code == 303
    assert stored(db, assessment)["leg_law"] == ("na", None, None, 2)


def test_a_new_level_posted_with_not_applicable_is_refused_and_shown_back(
    client, db, login, assessment
):
    login("nfp-xa")
    _save(client, assessment, "leg_law", value="2")
    posted = as_posted(_page(client, assessment), q__leg_law__state="na", q__leg_law__value="3")
    response = client.post(area_url(assessment, "legal"), data=posted)
    assert response.status_code == 422
    law = block(response.get_data(as_text=True), "leg_law")
    assert "“Not applicable” is chosen and so is an answer" in law
    assert 'checked id="q-leg_law-state-1"' in law and 'checked id="q-leg_law-value-2"' in law
    assert stored(db, assessment)["leg_law"] == ("answered", 2, None, 1)


def test_a_first_answer_with_both_a_level_and_dont_know_is_refused(client, db, login, assessment):
    login("nfp-xa")
    posted = as_posted(
        _page(client, assessment), q__leg_law__state="dont_know", q__leg_law__value="1"
    )
    response = client.post(area_url(assessment, "legal"), data=posted)
    assert response.status_code == 422
    assert "“Don't know” is chosen and so is an answer" in unescape(response.get_data(as_text=True))
    assert "leg_law" not in stored(db, assessment)


def test_an_autosave_with_a_level_and_not_applicable_is_refused_not_cut(
    client, db, login, assessment
):
    login("nfp-xa")
    payload = {"state": "na", "value": "2", "version": 0}
    response = client.post(answer_url(assessment, "leg_law"), json=payload)
    assert response.status_code == 422
    assert response.get_json()["error"] == "F004"
    assert "leg_law" not in stored(db, assessment)


def test_none_met_ticked_while_not_applicable_is_shown_answers_the_checklist(
    client, db, login, assessment
):
    login("nfp-xa")
    _save(client, assessment, "leg_checks", state="na")
    posted = as_posted(_page(client, assessment), q__leg_checks__none="y")
    response = client.post(area_url(assessment, "legal"), data=posted)
    assert response.status_code == 303
    assert stored(db, assessment)["leg_checks"] == ("answered", [], None, 2)


def test_an_edit_to_a_question_that_stopped_applying_is_shown_back_not_dropped(
    client, app, db, login, assessment
):
    login("nfp-xa")
    _save(client, assessment, "leg_nuclear", value="yes")
    page = _page(client, assessment)
    assert 'data-applicable="true"' in block(page, "leg_regulator")
    # Meanwhile a colleague answers that there is no nuclear facility: the regulator question
    # no longer applies.
    other = app.test_client()
    other.post("/login", data={"username": "team-xa", "password": "assess-demo"})
    other.post(answer_url(assessment, "leg_nuclear"), json={"value": "no", "version": 1})
    posted = as_posted(page, q__leg_regulator__value="3", q__leg_nuclear__value="yes")
    response = client.post(area_url(assessment, "legal"), data=posted)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    regulator = block(html, "leg_regulator")
    assert "Not saved: this question no longer applies" in regulator
    assert " hidden>" not in regulator.split("\n")[2]
    assert 'checked id="q-leg_regulator-value-2"' in regulator
    assert "Your answers are saved." not in html
    assert "leg_regulator" not in stored(db, assessment)
    assert stored(db, assessment)["leg_nuclear"] == ("answered", "no", None, 2)


def test_untouched_questions_that_do_not_apply_are_not_reported(client, db, login, assessment):
    login("nfp-xa")
    page = _page(client, assessment)
    assert 'data-applicable="false"' in block(page, "leg_regulator")
    response = client.post(area_url(assessment, "legal"), data=as_posted(page))
    assert response.status_code == 303
