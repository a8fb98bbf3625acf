"""Questionnaire definitions: the immutable model, the safe loader and the validator (pure)."""
