"""The web application: blueprints and thin views."""
