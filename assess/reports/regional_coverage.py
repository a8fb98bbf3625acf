"""What a regional report says about its countries: every country of the region counted (combined,
in progress, not started, left out), and each country's indicators that do not compare."""

from __future__ import annotations

from collections.abc import Mapping

from assess.plans import RegionalPlan
from assess.reports import document as d
from assess.words.catalogue import Words
from assess.words.numbers import word_list


def coverage_sentence(plan: RegionalPlan, names: Mapping[str, str], w: Words) -> str:
    """Every country of the region: combined, in progress, not started, left out."""
    region = plan.coverage
    sentence = w.ngettext(
        "%(combined)s of %(num)s country combined (accepted)",
        "%(combined)s of %(num)s countries combined (accepted)",
        region.total,
        combined=len(plan.countries),
    )
    for codes, clause in (
        (region.in_progress, _in_progress),
        (region.not_started, _not_started),
        (tuple(x.country for x in plan.left_out), _left_out),
    ):
        if codes:
            who = word_list([names.get(c, c) for c in codes], w.lang)
            sentence = w.pgettext(
                "clauses of a sentence",
                "%(first)s; %(next)s",
                first=sentence,
                next=clause(w, len(codes), who),
            )
    return sentence + "."


def _in_progress(w: Words, count: int, names: str) -> str:
    return w.ngettext(
        "%(num)s in progress: %(names)s", "%(num)s in progress: %(names)s", count, names=names
    )


def _not_started(w: Words, count: int, names: str) -> str:
    return w.ngettext(
        "%(num)s not started: %(names)s", "%(num)s not started: %(names)s", count, names=names
    )


def _left_out(w: Words, count: int, names: str) -> str:
    return w.ngettext(
        "%(num)s left out (another questionnaire): %(names)s",
        "%(num)s left out (another questionnaire): %(names)s",
        count,
        names=names,
    )


def not_comparable_blocks(
    plan: RegionalPlan, names: Mapping[str, str], w: Words
) -> tuple[d.Block, ...]:
    """The countries' indicators that do not compare with the plan's version, named."""
    if not plan.not_comparable:
        return ()
    items = word_list(
        [
            w.gettext(
                "%(country)s: %(indicator)s (%(reason)s)",
                country=names.get(x.country, x.country),
                indicator=x.node_id,
                reason=_why_not_comparable(w, x.reason, x.target),
            )
            for x in plan.not_comparable
        ],
        w.lang,
    )
    text = w.gettext(
        "Not comparable with version %(version)s, so not in the roll-ups: %(items)s.",
        version=plan.version,
        items=items,
    )
    return (d.Paragraph(text),)


def _why_not_comparable(w: Words, reason: str, version: str) -> str:
    """Why an indicator does not compare, in words: what the target version did to it."""
    reasons = {
        "new": w.gettext("new in %(version)s", version=version),
        "afresh": w.gettext("answered afresh in %(version)s", version=version),
        "split": w.gettext("split in %(version)s", version=version),
        "merged": w.gettext("merged in %(version)s", version=version),
    }
    return reasons[reason]
