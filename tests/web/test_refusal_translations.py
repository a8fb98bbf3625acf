"""Refusals from the services in the reader's language: French for every one, Arabic and Russian
for the common ones, and English, whole, where a language has no translation yet."""

from __future__ import annotations

import html
import io

import pytest

from assess.services.errors import refusal_text
from assess.services.evidence_files import size_text
from assess.web.i18n import said
from tests.web.evidence_samples import PDF, PNG, upload
from tests.web.fill_support import FILL_APP, FILL_QUESTIONNAIRES, answer_url, open_draft, set_status

APP_SETTINGS = FILL_APP


def _in(client, lang: str) -> None:
    client.post("/language", data={"lang": lang, "next": "/"})


def _evidence_url(assessment_id: int) -> str:
    return f"/assessments/{assessment_id}/answers/leg_checks/evidence"


@pytest.mark.parametrize(
    ("lang", "status", "message"),
    [
        (
            "fr",
            "submitted",
            "Cette évaluation est en cours d'examen ; "
            "les réponses ne peuvent pas être modifiées pour le moment.",
        ),
        (
            "fr",
            "accepted",
            "Cette évaluation est acceptée : elle est en lecture seule ; "
            "les réponses ne peuvent plus être modifiées.",
        ),
        ("ru", "submitted", "Эта оценка на рассмотрении; ответы сейчас изменить нельзя."),
        ("ar", "submitted", "هذا التقييم قيد المراجعة؛ لا يمكن تغيير الإجابات الآن."),
        ("en", "submitted", "This assessment is under review; answers cannot change now."),
    ],
)
def test_an_autosave_into_a_locked_assessment_is_refused_in_the_reader_language(
    client, db, login, assessment, lang, status, message
):
    set_status(db, assessment, status)
    _in(client, lang)
    login("nfp-xa")
    response = client.post(answer_url(assessment, "leg_law"), json={"value": "2", "version": 0})
    assert (response.status_code, response.json) == (409, {"error": "locked", "message": message})


def test_a_refusal_naming_an_unknown_question_is_said_in_arabic(client, login, assessment):
    _in(client, "ar")
    login("nfp-xa")
    response = client.post(answer_url(assessment, "legal"), json={"value": "2", "version": 0})
    assert response.json == {
        "error": "invalid-input",
        "message": "لا يتضمن fill-test 1.0 السؤال «legal»",
    }


def test_a_sentence_without_translation_keeps_its_words_in_english_too(app):
    # The size alone is translated into Arabic: the sentence around it is not.
    text = refusal_text("No language has this sentence: %(limit)s.", limit=size_text(2048))
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert (said(size_text(2048)), said(text)) == (
            "2.0 كيلوبايت",
            "No language has this sentence: 2.0 KB.",
        )


def test_the_sign_in_lock_is_explained_in_french(client, world, login):
    _in(client, "fr")
    for _ in range(5):
        assert login("nfp-xa", "wrong").status_code == 401
    response = login("nfp-xa")
    assert response.status_code == 429
    assert (
        "Trop de tentatives de connexion échouées pour « nfp-xa » depuis votre adresse. "
        "Attendez 15 minutes, puis réessayez."
    ) in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "tool.exe",
            b"MZ\x90\x00",
            "« tool.exe » n'est pas d'un type de fichier accepté ici : "
            "PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS, TXT, CSV.",
        ),
        (
            "decree.pdf",
            PNG,
            "« decree.pdf » n'est pas un fichier PDF : son contenu est d'un autre type.",
        ),
        ("empty.pdf", b"", "« empty.pdf » est vide."),
    ],
)
def test_a_refused_file_is_explained_in_french(client, login, assessment, name, content, message):
    _in(client, "fr")
    login("nfp-xa")
    response = upload(client, _evidence_url(assessment), name, content)
    assert (response.status_code, response.get_json()["message"]) == (415, message)


@pytest.mark.parametrize(
    ("lang", "limit", "message"),
    [
        ("fr", 1000, "« big.pdf » dépasse la limite de 1000 octets."),
        ("fr", 1536, "« big.pdf » dépasse la limite de 1,5 Ko."),
        ("ru", 1536, "Файл «big.pdf» больше допустимого размера (1,5 КБ)."),
        ("en", 1536, "'big.pdf' is larger than the limit of 1.5 KB."),
    ],
)
def test_a_file_over_the_limit_is_refused_with_the_size_in_the_reader_language(
    make_app, db, world, lang, limit, message
):
    app = make_app(QUESTIONNAIRES_DIR=FILL_QUESTIONNAIRES, MAX_UPLOAD_BYTES=limit)
    client = app.test_client()
    assessment = open_draft(db, world["admin"])
    _in(client, lang)
    client.post("/login", data={"username": "nfp-xa", "password": "assess-demo"})
    response = upload(client, _evidence_url(assessment), "big.pdf", PDF + b" " * limit)
    assert (response.status_code, response.get_json()["message"]) == (413, message)


def test_a_refused_file_on_a_saved_page_is_explained_beside_its_question(client, login, assessment):
    _in(client, "fr")
    login("nfp-xa")
    response = client.post(
        f"/assessments/{assessment}/areas/legal",
        data={"q-leg_checks-file": (io.BytesIO(PNG), "decree.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "« decree.pdf » n&#39;est pas un fichier PDF" in response.get_data(as_text=True)


def test_a_status_that_forbids_the_step_is_named_in_french(client, login, assessment):
    _in(client, "fr")
    login("secretariat-seee")
    response = client.post(f"/assessments/{assessment}/accept", data={"confirm": "yes"})
    assert response.status_code == 409
    assert (
        "L&#39;évaluation a le statut « brouillon » ; elle ne peut prendre le statut "
        "« acceptée » que depuis le statut « soumise » ou « soumise de nouveau »."
    ) in response.get_data(as_text=True)


def test_missing_answers_are_listed_in_french(client, login, assessment):
    _in(client, "fr")
    login("nfp-xa")
    page = client.post(
        f"/assessments/{assessment}/submit", data={"confirm": "yes"}, follow_redirects=True
    )
    # Listed on the confirmation page by its French title, never its id.
    text = html.unescape(page.get_data(as_text=True))
    stopping = text[text.index('id="stopping"') :]
    assert "Existe-t-il une loi sur les matières NRBC ?" in stopping
