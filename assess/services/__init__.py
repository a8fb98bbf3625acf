"""The one layer that joins the database to the pure core: functions taking a session and a user.

Each public function that changes something is one unit of work: it commits before returning.
"""
