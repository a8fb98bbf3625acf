"""WTForms glue: one builder turns the questionnaire model into forms."""
