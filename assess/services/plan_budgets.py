"""The budget a plan's page shows: of the stored plan, with people's edits, as its report prints
it (the same blocks: `reports.plan_budget`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assess.models import Plan
from assess.plans.budget import national_budget, regional_budget
from assess.reports.document import Section
from assess.reports.plan_budget import budget_section, regional_budget_sections
from assess.services.plan_inputs import stored_national_inputs, stored_regional_inputs
from assess.services.plan_reports import country_names
from assess.services.plans import edited_national, edited_regional
from assess.words.catalogue import words_in


def national_budget_section(session: Session, stored: Plan | None, lang: str) -> Section | None:
    """The stored national plan's budget summary in `lang` (one line when it is not costed);
    None without a plan."""
    if stored is None:
        return None
    inputs = stored_national_inputs(session, stored)
    built = edited_national(inputs, stored, lang)
    return budget_section(national_budget(built), inputs.questionnaire, words_in(lang))


def regional_budget_section(session: Session, stored: Plan | None, lang: str) -> Section | None:
    """The stored regional plan's budget of the region in `lang` (each country's costed plan
    and the totals; one line when nothing is costed); None without a plan."""
    if stored is None:
        return None
    built = edited_regional(stored_regional_inputs(session, stored), stored, lang)
    names = country_names(session, built.countries)
    return regional_budget_sections(built, regional_budget(built), names, words_in(lang))[0]
