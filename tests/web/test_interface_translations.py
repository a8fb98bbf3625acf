"""The interface in the reader's language: messages after actions, the words people see most in
Arabic and Russian, and progress written as one phrase so right-to-left pages read it right."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assess.models import Assessment, Country


def _in(client, lang: str) -> None:
    client.post("/language", data={"lang": lang, "next": "/"})


def _assessment(db, code: str) -> int:
    query = select(Assessment.id).join(Assessment.country).where(Country.code == code)
    return db.scalars(query).one()


@pytest.mark.parametrize(
    ("lang", "words"),
    [("ar", "من"), ("ru", "из"), ("fr", "sur")],
)
def test_area_progress_is_one_translated_phrase(client, login, db, demo, lang, words):
    _in(client, lang)
    login("nfp-xa")
    html = client.get(f"/assessments/{_assessment(db, 'XA')}").get_data(as_text=True)
    assert any(f"<td>{done} {words} " in html for done in range(0, 100))
    assert " of " not in html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Vous êtes déconnecté."),
        ("ar", "لقد سجّلت الخروج."),
        ("ru", "Вы вышли из системы."),
    ],
)
def test_the_sign_out_message_is_in_the_reader_language(client, login, demo, lang, expected):
    _in(client, lang)
    login("nfp-xa")
    client.post("/logout")
    assert expected in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Nom d&#39;utilisateur ou mot de passe incorrect."),
        ("ar", "اسم المستخدم أو كلمة المرور غير صحيحة."),
    ],
)
def test_a_refused_sign_in_says_so_in_the_reader_language(client, login, demo, lang, expected):
    _in(client, lang)
    assert expected in login("nfp-xa", "wrong").get_data(as_text=True)


def test_change_is_a_verb_on_the_switcher_and_a_noun_over_the_events(client, login, demo):
    _in(client, "fr")
    login("admin")
    html = client.get("/admin/events").get_data(as_text=True)
    assert '<button type="submit">Changer</button>' in html
    assert '<th scope="col">Modification</th>' in html


def test_the_sign_in_request_is_in_the_reader_language(client, demo):
    _in(client, "fr")
    client.get("/dashboard")
    assert "Connectez-vous pour voir cette page." in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ar", ["تسجيل الخروج", "التقييمات", "مسودة", "البلد", "الجولة", "آخر تغيير"]),
        ("ru", ["Выйти", "Оценки", "Черновик", "Страна", "Раунд", "Последнее изменение"]),
    ],
)
def test_the_dashboard_shows_its_main_words_translated(client, login, demo, lang, words):
    _in(client, lang)
    login("nfp-xa")
    html = client.get("/dashboard").get_data(as_text=True)
    assert [word for word in words if word not in html] == []


def test_a_round_opened_is_announced_in_french(client, login, db, demo):
    _in(client, "fr")
    login("secretariat-seee")
    first = db.scalars(select(Assessment)).first()
    version = f"{first.questionnaire_id}|{first.questionnaire_version}"
    data = {"countries": "XA", "questionnaire": version, "year": "2031", "deadline": "2099-01-01"}
    page = client.post("/regions/SEEE/rounds", data=data, follow_redirects=True)
    assert "Cycle 2031 ouvert pour" in page.get_data(as_text=True)
