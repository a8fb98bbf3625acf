"""The sentences that state a plan's budget: its total, the funded share, the funding gap and what
is asked of partners, in the reader's language, amounts in their locale and the plan's currency.
(Which of them a report says, from a plan's budget, is `reports.plan_budget`'s affair.)"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from assess.words.catalogue import Words
from assess.words.numbers import money, percent, word_list
from assess.words.plan_codes import code_word


def not_costed(w: Words) -> str:
    """The one line a plan without costing says where its budget would be."""
    return w.gettext("This plan is not costed: its questionnaire has no unit costs.")


def total_cost(actions: int, total: Decimal, currency: str, w: Words) -> str:
    """What the costed actions cost together."""
    return w.ngettext(
        "The %(num)s costed action of the plan costs %(total)s in all.",
        "The %(num)s costed actions of the plan cost %(total)s in all.",
        actions,
        total=money(total, currency, w.lang),
    )


def funded_share(
    share: Decimal | None, funded: Decimal, gap: Decimal, currency: str, w: Words
) -> str:
    """How much of the cost is funded, and the funding gap."""
    return w.gettext(
        "%(share)s of it is funded (%(funded)s); the funding gap is %(gap)s.",
        share=percent(share, w.lang),
        funded=money(funded, currency, w.lang),
        gap=money(gap, currency, w.lang),
    )


def asked_of_partners(
    actions: int, amount: Decimal, forms: Sequence[str], currency: str, w: Words
) -> str:
    """What is asked of partners: on how many actions, for how much, in which forms of support
    (codes of SUPPORT_FORMS, in that order)."""
    if not actions:
        return w.gettext("No assistance is requested from partners.")
    cost = money(amount, currency, w.lang)
    if not forms:
        return w.ngettext(
            "Assistance is requested from partners on %(num)s action, costing %(amount)s.",
            "Assistance is requested from partners on %(num)s actions, costing %(amount)s.",
            actions,
            amount=cost,
        )
    return w.ngettext(
        "Assistance is requested from partners on %(num)s action, costing %(amount)s: %(forms)s.",
        "Assistance is requested from partners on %(num)s actions, costing %(amount)s: %(forms)s.",
        actions,
        amount=cost,
        forms=word_list([code_word("support", form, w.lang) for form in forms], w.lang),
    )


def not_costed_yet(actions: int, w: Words) -> str:
    """How many actions have no cost yet."""
    return w.ngettext(
        "%(num)s action has no cost yet.", "%(num)s actions have no cost yet.", actions
    )


def national_plans_cost(
    countries: int, total: Decimal, gap: Decimal, currency: str, w: Words
) -> str:
    """What a region's costed national plans cost together, and their gap."""
    return w.ngettext(
        "The costed national plan of %(num)s country costs %(total)s, of which %(gap)s is not "
        "funded yet.",
        "The costed national plans of %(num)s countries cost %(total)s, of which %(gap)s is not "
        "funded yet.",
        countries,
        total=money(total, currency, w.lang),
        gap=money(gap, currency, w.lang),
    )


def proposals_cost(proposals: int, total: Decimal, currency: str, w: Words) -> str:
    """What a region's project proposals amount to."""
    return w.ngettext(
        "%(num)s regional project proposal amounts to %(total)s.",
        "%(num)s regional project proposals amount to %(total)s.",
        proposals,
        total=money(total, currency, w.lang),
    )


def other_currency(names: Sequence[str], w: Words) -> str:
    """The plans or proposals a regional sum leaves out, their currency being another."""
    return w.gettext(
        "Left out of these sums, being in another currency: %(names)s.",
        names=word_list(list(names), w.lang),
    )
