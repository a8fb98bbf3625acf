"""What services refuse, with a code and a message the web layer shows as it is."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal: `code` names it for programs, the message says it to people."""

    code = "refused"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


class RateLimited(ServiceError):
    """Too many failed sign-ins for this name from this address."""

    code = "rate-limited"


class BadCredentials(ServiceError):
    """Wrong user name or password (never says which)."""

    code = "bad-credentials"


class MissingAnswers(ServiceError):
    """Required questions are unanswered: `missing` lists them, in questionnaire order; answers
    that need evidence and have none are in `without_evidence`."""

    code = "missing-answers"

    def __init__(self, missing: list[str], without_evidence: list[str] | None = None) -> None:
        parts = [f"{len(missing)} required question(s) unanswered: {', '.join(missing)}"]
        if without_evidence:
            parts.append(f"evidence still needed for: {', '.join(without_evidence)}")
        super().__init__("; ".join(parts[0 if missing else 1 :]))
        self.missing = missing
        self.without_evidence = without_evidence or []
