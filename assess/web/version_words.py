"""A version diff said for people: titles rather than ids, fields and fates in words."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext

from assess.questionnaire.diff import VersionDiff, readable
from assess.questionnaire.diff import shown as as_data
from assess.questionnaire.model import Group, Question, Questionnaire
from assess.web.i18n import get_locale, language_name
from assess.words.texts import shown

# What the migration does with an earlier question, by fate (assess.questionnaire.migration).
FATES = {
    "kept": lazy_gettext("kept: answers carried as they are"),
    "renamed": lazy_gettext("renamed: answers carried under the new id"),
    "mapped": lazy_gettext("mapped: answers carried through a value map"),
    "split": lazy_gettext("split into several questions"),
    "merged": lazy_gettext("merged with other questions"),
    "dropped": lazy_gettext("dropped: answers not carried"),
    "afresh": lazy_gettext("to be answered afresh"),
    "unaccounted": lazy_gettext("not accounted for by the migration"),
}


def node_label(model: Questionnaire, node_id: str) -> dict[str, Any]:
    """A node as people know it: its title or question text in the page's language, and its id."""
    try:
        node = model.node(node_id)
    except KeyError:
        return {"id": node_id, "text": None}
    text = (
        node.title if isinstance(node, Group) else node.text if isinstance(node, Question) else None
    )
    return {"id": node_id, "text": shown(text, get_locale())}


def change_rows(result: VersionDiff, after: Questionnaire) -> list[dict[str, Any]]:
    """Each changed field of each node, its values on one line."""
    return [
        {
            "node": node_label(after, change.node),
            "field": change.field,
            "language": language_name(change.language) if change.language else "",
            "before": "" if change.before is None else readable(as_data(change.before)),
            "after": "" if change.after is None else readable(as_data(change.after)),
        }
        for change in result.changes
    ]


def fate_rows(
    result: VersionDiff, before: Questionnaire, after: Questionnaire
) -> list[dict[str, Any]]:
    """Each earlier question, what the migration does with it, and where its answers go."""
    return [
        {
            "question": node_label(before, fated.question),
            "fate": fated.fate,
            "words": FATES[fated.fate],
            "targets": [node_label(after, target) for target in fated.targets],
        }
        for fated in result.migration
    ]
