"""Action plans: national and regional plans built from scored assessments (pure)."""
