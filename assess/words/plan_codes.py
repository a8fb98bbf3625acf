"""The words for the codes a plan carries (priority, status, horizon, funding source, form of
support, proposal status, action type), on pages and in PDFs."""

from __future__ import annotations

from assess.words.catalogue import Words, words_in

KINDS = ("priority", "status", "horizon", "funding", "support", "proposal", "type")


def _words(kind: str, w: Words) -> dict[str, str]:
    if kind == "priority":
        return {
            "high": w.pgettext("priority", "High"),
            "medium": w.pgettext("priority", "Medium"),
            "low": w.pgettext("priority", "Low"),
        }
    if kind == "status":
        return {
            "planned": w.pgettext("action status", "Planned"),
            "ongoing": w.pgettext("action status", "Ongoing"),
            "completed": w.pgettext("action status", "Completed"),
            "delayed": w.pgettext("action status", "Delayed"),
            "cancelled": w.pgettext("action status", "Cancelled"),
        }
    if kind == "funding":
        return {
            "national": w.pgettext("funding source", "National budget"),
            "initiative": w.pgettext("funding source", "The CoE initiative"),
            "partners": w.pgettext("funding source", "Other partners"),
            "not_found": w.pgettext("funding source", "Not yet found"),
        }
    if kind == "support":
        return {
            "training": w.pgettext("form of support", "Training"),
            "expertise": w.pgettext("form of support", "Expertise and advice"),
            "equipment": w.pgettext("form of support", "Equipment"),
            "exercise": w.pgettext("form of support", "Exercises"),
            "legal": w.pgettext("form of support", "Legal drafting"),
            "funding": w.pgettext("form of support", "Funding"),
        }
    if kind == "proposal":
        return {
            "draft": w.pgettext("proposal status", "Draft"),
            "submitted": w.pgettext("proposal status", "Submitted"),
            "approved": w.pgettext("proposal status", "Approved"),
            "funded": w.pgettext("proposal status", "Funded"),
            "closed": w.pgettext("proposal status", "Closed"),
        }
    if kind == "type":  # the action types of the questionnaire format (vocabulary.ACTION_TYPES)
        return {
            "legal": w.pgettext("action type", "Legislation and regulation"),
            "institutional": w.pgettext("action type", "Institutions and coordination"),
            "sops": w.pgettext("action type", "Standard operating procedures"),
            "training": w.pgettext("action type", "Training"),
            "exercise": w.pgettext("action type", "Exercise"),
            "equipment": w.pgettext("action type", "Equipment"),
            "infrastructure": w.pgettext("action type", "Infrastructure"),
            "awareness": w.pgettext("action type", "Awareness raising"),
            "assessment": w.pgettext("action type", "Assessment or study"),
        }
    return {
        "short": w.gettext("Short term (≤ 1 year)"),
        "medium": w.gettext("Medium term (1–3 years)"),
        "long": w.gettext("Long term (> 3 years)"),
    }


def code_word(kind: str, code: str | None, lang: str) -> str:
    """The word for a plan's `code` of `kind` (one of KINDS); the code itself if unknown (a
    funding source typed as free text before sources were a choice still reads as typed)."""
    if kind not in KINDS:
        raise ValueError(f"no words for plan codes of kind '{kind}' (known: {', '.join(KINDS)})")
    return _words(kind, words_in(lang)).get(code or "", code or "")


def yes_no(value: bool, lang: str) -> str:
    """'Yes' or 'No' as an answer, in `lang`."""
    w = words_in(lang)
    return w.pgettext("answer", "Yes") if value else w.pgettext("answer", "No")
