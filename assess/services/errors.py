"""What services refuse, with a code and a text people read in their own language.

A refusal's words are a `Text` (assess.words.texts): an English template with named parameters,
marked with `refusal_text` so that `pybabel extract` finds it. Its `str()` is the English
sentence, for logs, the command line and tests; the web layer says it in the reader's language
(assess.web.i18n.said). Services stay free of Flask and Flask-Babel.
"""

from __future__ import annotations

from collections.abc import Mapping

from assess.words.texts import Localised, Text, Titles, refusal_plural, refusal_text


class ServiceError(Exception):
    """A refusal: `code` names it for programs, `text` says it to people (`message` in English).

    A message given as a plain string (the web layer's own refusals, already translated) has no
    `text` and is shown as it is.
    """

    code = "refused"

    def __init__(self, message: str | Text) -> None:
        self.text = message if isinstance(message, Text) else None
        self.message = str(message)
        super().__init__(self.message)


class NotAllowed(ServiceError):
    """The user may see the object but not do this to it."""

    code = "not-allowed"


class NotFound(ServiceError):
    """No such object, or one the user may not know exists."""

    code = "not-found"


class InvalidTransition(ServiceError):
    """The assessment's status does not allow this step."""

    code = "invalid-transition"


class Locked(ServiceError):
    """The assessment is not open for changes (under review or accepted)."""

    code = "locked"


class InvalidInput(ServiceError):
    """A value the service cannot take (unknown question, empty query, bad value)."""

    code = "invalid-input"


class InvalidFields(InvalidInput):
    """Values a form cannot take: `fields` says, field by field, what is wrong with each, so a
    page shows every reason beside its field and keeps every value typed."""

    def __init__(self, fields: dict[str, Text]) -> None:
        reasons = list(fields.values())
        text = reasons[0]
        for reason in reasons[1:]:
            text = refusal_text("%(a)s; %(b)s", a=text, b=reason)
        super().__init__(text)
        self.fields = fields


class TooManyJobs(ServiceError):
    """The person already has as many reports waiting or being made as one may (429)."""

    code = "too-many-jobs"


class QueueUnavailable(ServiceError):
    """The report queue's server cannot be reached: nothing was queued (503)."""

    code = "queue-unavailable"


class RateLimited(ServiceError):
    """Too many failed sign-ins for this name from this address."""

    code = "rate-limited"


class BadCredentials(ServiceError):
    """Wrong user name or password (never says which)."""

    code = "bad-credentials"


class MissingAnswers(ServiceError):
    """Required questions are unanswered: `missing` lists them, in questionnaire order; answers
    that need evidence and have none are in `without_evidence`; answers carried from an earlier
    round and not yet confirmed are in `unconfirmed`. The message names the questions by their
    `texts` (id -> questionnaire text) when given, so people read titles, never ids."""

    code = "missing-answers"

    def __init__(
        self,
        missing: list[str],
        without_evidence: list[str] | None = None,
        unconfirmed: list[str] | None = None,
        texts: Mapping[str, Localised] | None = None,
    ) -> None:
        def listed(ids: list[str]) -> Titles | str:
            return Titles(tuple(texts[i] for i in ids)) if texts else ", ".join(ids)

        questions, evidence = listed(missing), listed(without_evidence or [])
        if missing and without_evidence:
            text = refusal_plural(
                "%(count)s required question unanswered: %(questions)s; "
                "evidence still needed for: %(evidence)s",
                "%(count)s required questions unanswered: %(questions)s; "
                "evidence still needed for: %(evidence)s",
                "count",
                count=len(missing),
                questions=questions,
                evidence=evidence,
            )
        elif missing:
            text = refusal_plural(
                "%(count)s required question unanswered: %(questions)s",
                "%(count)s required questions unanswered: %(questions)s",
                "count",
                count=len(missing),
                questions=questions,
            )
        elif without_evidence:
            text = refusal_text("evidence still needed for: %(evidence)s", evidence=evidence)
        else:
            text = None
        if unconfirmed:
            carried = refusal_text(
                "carried answers still to confirm or change: %(questions)s",
                questions=listed(unconfirmed),
            )
            text = carried if text is None else refusal_text("%(a)s; %(b)s", a=text, b=carried)
        super().__init__(text or "")
        self.missing = missing
        self.without_evidence = without_evidence or []
        self.unconfirmed = unconfirmed or []
