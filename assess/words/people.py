"""People and places as a person reads them: role names, and each change to people and places
(the administration's events log) as a sentence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.words.numbers import word_list
from assess.words.texts import Text, refusal_text, said


def _role_names() -> dict[str, Text]:
    return {
        "admin": refusal_text("administrator"),
        "expert": refusal_text("questionnaire expert"),
        "secretariat": refusal_text("Regional Secretariat"),
        "nfp": refusal_text("National Focal Point"),
        "team": refusal_text("national team member"),
        "coordinator": refusal_text("interregional coordinator"),
    }


# Action -> the sentence saying it; %(who)s is who did it, the others come from the event.
def _event_sentences() -> dict[str, Text]:
    return {
        "region-created": refusal_text("%(who)s created the region %(name)s (%(code)s)."),
        "country-created": refusal_text(
            "%(who)s created the country %(name)s (%(code)s) in the region %(region)s."
        ),
        "user-created": refusal_text("%(who)s created the account %(username)s (%(role)s)."),
        "user-created-areas": refusal_text(
            "%(who)s created the account %(username)s (%(role)s), who may edit only these "
            "areas: %(areas)s."
        ),
        "user-deactivated": refusal_text("%(who)s deactivated the account %(username)s."),
        "user-reactivated": refusal_text("%(who)s reactivated the account %(username)s."),
        "password-reset": refusal_text("%(who)s reset the password of %(username)s."),
        "user-invited": refusal_text("%(who)s e-mailed %(username)s an invitation to the account."),
        "invitation-accepted": refusal_text(
            "%(who)s followed their invitation and chose a password."
        ),
        "password-changed": refusal_text("%(who)s changed their own password."),
        "totp-enrolled": refusal_text("%(who)s turned on their second factor."),
        "totp-disabled": refusal_text("%(who)s turned off their second factor."),
        "totp-reset": refusal_text("%(who)s reset the second factor of %(username)s."),
        "ministry-created": refusal_text(
            "%(who)s named the ministry or agency %(name)s of %(country)s."
        ),
        "ministry-changed": refusal_text(
            "%(who)s changed the ministry or agency %(name)s of %(country)s."
        ),
        "ministry-removed": refusal_text(
            "%(who)s removed the ministry or agency %(name)s of %(country)s."
        ),
        "proposal-create": refusal_text(
            "%(who)s made the project proposal %(title)s of the region %(region)s."
        ),
        "proposal-edit": refusal_text(
            "%(who)s changed the project proposal %(title)s of the region %(region)s."
        ),
        "proposal-add": refusal_text(
            "%(who)s added an action of %(country)s to the project proposal no. %(proposal)s."
        ),
        "proposal-remove": refusal_text(
            "%(who)s took an action of %(country)s out of the project proposal no. %(proposal)s."
        ),
        "account-updated": refusal_text(
            "%(who)s changed their own name, e-mail address, language or notifications."
        ),
        "export": refusal_text(
            "%(who)s exported the table %(table)s as %(format)s from %(scope)s (%(assessments)s "
            "assessments)."
        ),
        "token-created": refusal_text("%(who)s made the API token %(name)s."),
        "token-revoked": refusal_text("%(who)s revoked the API token %(name)s."),
        "api": refusal_text("%(who)s read %(path)s through the API."),
        "draft-uploaded": refusal_text(
            "%(who)s uploaded version %(version)s of the questionnaire %(questionnaire)s as a "
            "draft."
        ),
    }


def worded_events() -> frozenset[str]:
    """The actions of the events log said as a sentence of their own."""
    return frozenset(_event_sentences())


SOMEONE = refusal_text("Someone")
UNKNOWN_EVENT = refusal_text("%(who)s made a change (%(action)s).")


def role_name(role: str, lang: str) -> str:
    """The role (one of assess.models.ROLES) as people call it, in `lang`."""
    text = _role_names().get(role)
    return said(text, lang) if text else role


def event_sentence(
    action: str,
    who: str | None,
    new: Mapping[str, Any] | None,
    lang: str,
    area_titles: Mapping[str, str] | None = None,
) -> str:
    """One change to people and places as a sentence in `lang` (`who`: the actor's name; areas
    an account is limited to are named by their titles in `area_titles`)."""
    given = dict(new or {})
    areas = given.pop("areas", None) or ()
    values = {key: str(value) for key, value in given.items() if value is not None}
    if "role" in values:
        values["role"] = role_name(values["role"], lang)
    if areas and action == "user-created":
        action = "user-created-areas"
        titles = area_titles or {}
        values["areas"] = word_list([titles.get(str(a), str(a)) for a in areas], lang)
    params = {"who": who or said(SOMEONE, lang), "action": action, **values}
    template = _event_sentences().get(action, UNKNOWN_EVENT)
    needed = _placeholders(template.template)
    if not needed <= params.keys():
        template = UNKNOWN_EVENT
    return said(Text(template.template, params), lang)


def _placeholders(template: str) -> set[str]:
    names, rest = set(), template
    while "%(" in rest:
        rest = rest.split("%(", 1)[1]
        name, rest = rest.split(")s", 1)
        names.add(name)
    return names
