"""Scoring: answers to scores, gaps, risks and priorities, with a trace for every number (pure)."""
