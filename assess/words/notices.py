"""The e-mail people receive: each kind's subject and body, in the recipient's language.

A notice names the assessment (its country and round), who did what, and the link to the page;
never an answer, a comment, a query's text or anything of another country: the answers stay in
the application, behind its access checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from assess.words.texts import Text, refusal_text, said


# Kind -> (subject, what happened), each with %(country)s and %(round)s where they apply.
def _notices() -> dict[str, tuple[Text, Text]]:
    return {
        "submitted": (
            refusal_text("%(country)s sent its assessment %(round)s for review"),
            refusal_text(
                "%(country)s sent its assessment %(round)s for review. It waits for your review."
            ),
        ),
        "returned": (
            refusal_text("Assessment %(round)s of %(country)s returned with queries"),
            refusal_text(
                "The secretariat returned the assessment %(round)s of %(country)s with queries. "
                "Answer them, then send the assessment again."
            ),
        ),
        "answered": (
            refusal_text("A query on the assessment %(round)s of %(country)s was answered"),
            refusal_text(
                "%(country)s answered a query on its assessment %(round)s. Read the answer in the "
                "application."
            ),
        ),
        "accepted": (
            refusal_text("Assessment %(round)s of %(country)s accepted"),
            refusal_text(
                "The secretariat accepted the assessment %(round)s of %(country)s. "
                "It is now read-only."
            ),
        ),
        "reopened": (
            refusal_text("Assessment %(round)s of %(country)s reopened"),
            refusal_text(
                "The assessment %(round)s of %(country)s was reopened: its answers can be changed "
                "again."
            ),
        ),
        "report-ready": (
            refusal_text("Your report is ready"),
            refusal_text("The report you asked for is ready to download."),
        ),
        "deadline": (
            refusal_text("Assessment %(round)s of %(country)s is due on %(date)s"),
            refusal_text(
                "The assessment %(round)s of %(country)s is due on %(date)s and has not been sent "
                "for review yet."
            ),
        ),
    }


KINDS = ("submitted", "returned", "answered", "accepted", "reopened", "report-ready", "deadline")


# What each kind is, as a person chooses which they receive (the account page).
def _kind_names() -> dict[str, Text]:
    return {
        "submitted": refusal_text("An assessment is sent for my review"),
        "returned": refusal_text("An assessment is returned to my country with queries"),
        "answered": refusal_text("A country answers a query"),
        "accepted": refusal_text("My country's assessment is accepted"),
        "reopened": refusal_text("My country's assessment is reopened"),
        "report-ready": refusal_text("A report I asked for is ready"),
        "deadline": refusal_text("My country's assessment is due soon"),
    }


GREETING = refusal_text("Hello %(name)s,")
OPEN = refusal_text("Open it in the application:")
NO_CONTENT = refusal_text(
    "This message carries no answer: the answers stay in the application, where only those "
    "who may see them can."
)
CHOICES = refusal_text(
    "You receive this message because of your notification choices; change them on your "
    "account page: %(link)s"
)


INVITED = refusal_text("Your account on assess")
INVITATION = refusal_text(
    "An account was opened for you on assess, the CBRN needs and risk assessments application. "
    "Your user name is %(username)s. Choose your password with this link; it works once, until "
    "%(until)s:"
)


@dataclass(frozen=True)
class Notice:
    """One message's words: its subject and its plain-text body."""

    subject: str
    body: str


def notice(kind: str, lang: str, name: str, link: str, account: str, **params: str) -> Notice:
    """The message of `kind` to the person called `name`, in `lang`; `params` fill its texts
    (country, round, date), `link` is the page it is about, `account` their account page."""
    subject, happened = _notices()[kind]
    filled = [Text(text.template, params) for text in (subject, happened)]
    body = "\n\n".join(
        (
            said(refusal_text(GREETING.template, name=name), lang),
            said(filled[1], lang),
            f"{said(OPEN, lang)}\n{link}",
            said(NO_CONTENT, lang),
            said(refusal_text(CHOICES.template, link=account), lang),
        )
    )
    # A subject is one line: no value may start a header of its own.
    return Notice(" ".join(said(filled[0], lang).split()), body + "\n")


def kind_name(kind: str, lang: str) -> str:
    """What the notification `kind` is about, in `lang`."""
    return said(_kind_names()[kind], lang)


def invitation_notice(lang: str, name: str, username: str, link: str, until: str) -> Notice:
    """The invitation to choose a password, to the person called `name`, in `lang`."""
    greeting = said(refusal_text(GREETING.template, name=name), lang)
    invited = said(refusal_text(INVITATION.template, username=username, until=until), lang)
    return Notice(said(INVITED, lang), f"{greeting}\n\n{invited}\n{link}\n")
