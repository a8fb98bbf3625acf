"""What the browser tests type into the fill-test areas, and how they check it came back."""

from __future__ import annotations

from dataclasses import dataclass

# Only in the fill-test questionnaire's legal area: leg_regulator applies once leg_nuclear is yes.
CONDITIONAL = "leg_regulator"


@dataclass(frozen=True)
class Entry:
    """One thing a person sets on an area page: a choice, ticks, or typed text."""

    question: str
    part: str  # "value", "comment" or "evidence"
    widget: str  # "radio", "checkbox" or "text"
    value: str | tuple[str, ...]

    @property
    def name(self) -> str:
        return f"q-{self.question}-{self.part}"


# Every question of each area, every type the area has (level, yes/partial/no, checklist, number,
# multiple choice, date, text), with a comment and evidence lines.
AREAS: dict[str, tuple[Entry, ...]] = {
    "legal": (
        Entry("leg_law", "value", "radio", "2"),
        Entry("leg_law", "comment", "text", "Law 12/2019, not yet enforced"),
        Entry("leg_nuclear", "value", "radio", "yes"),
        Entry(CONDITIONAL, "value", "radio", "3"),
        Entry("leg_checks", "value", "checkbox", ("chk_list", "chk_licence")),
        Entry("leg_checks", "evidence", "text", "https://laws.example/12-2019\nDecree 4 of 2020"),
    ),
    "response": (
        Entry("resp_teams", "value", "text", "12"),
        Entry("resp_agents", "value", "checkbox", ("chem", "bio")),
        Entry("resp_exercise", "value", "text", "2025-10-03"),
        Entry("resp_notes", "value", "text", "Two teams trained abroad; one more in 2027."),
        Entry("resp_notes", "comment", "text", "From the civil protection agency"),
    ),
}
# What the database holds afterwards: question -> (status, stored value).
STORED = {
    "legal": {
        "leg_law": 2,
        "leg_nuclear": "yes",
        CONDITIONAL: 3,
        "leg_checks": ["chk_licence", "chk_list"],
    },
    "response": {
        "resp_teams": 12,
        "resp_agents": ["bio", "chem"],
        "resp_exercise": "2025-10-03",
        "resp_notes": "Two teams trained abroad; one more in 2027.",
    },
}


def enter(page, entry: Entry) -> None:
    """Set one entry with the mouse and keyboard as a person would."""
    if entry.widget == "radio":
        page.locator(f"input[name='{entry.name}'][value='{entry.value}']").check()
    elif entry.widget == "checkbox":
        for value in entry.value:
            page.locator(f"input[name='{entry.name}'][value='{value}']").check()
    else:
        page.locator(f"[name='{entry.name}']").fill(entry.value)


def shown(page, entry: Entry) -> str | tuple[str, ...]:
    """What the page shows for the entry now: the checked values, or the field's text."""
    if entry.widget == "radio":
        return page.locator(f"input[name='{entry.name}']:checked").input_value()
    if entry.widget == "checkbox":
        boxes = page.locator(f"input[name='{entry.name}']:checked")
        return tuple(boxes.nth(i).input_value() for i in range(boxes.count()))
    return page.locator(f"[name='{entry.name}']").input_value()


def area_url(assessment_id: int, area_id: str) -> str:
    return f"/assessments/{assessment_id}/areas/{area_id}"
