"""A service's refusal shown on the form that was posted: each reason beside its field."""

from __future__ import annotations

from flask import flash
from flask_wtf import FlaskForm

from assess.services.errors import InvalidFields, InvalidInput
from assess.web.i18n import said


def show_beside_fields(form: FlaskForm, refusal: InvalidInput) -> None:
    """Each reason beside the form's field it names; a reason for no field of it, flashed."""
    fields = refusal.fields if isinstance(refusal, InvalidFields) else {}
    unplaced = False
    for name, text in fields.items():
        field = form._fields.get(name)
        if field is None:
            unplaced = True
            continue
        field.errors = [*field.errors, said(text)]
    if unplaced or not fields:
        flash(said(refusal), "error")
