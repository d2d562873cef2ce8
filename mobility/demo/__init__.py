"""Mobility's demo data, `seed(stdout)` for `manage.py seed_demo`: calls and outgoing applications,
their selection criteria and marks, then incoming nominations, then letters and the mobility
records of past years (each idempotent)."""

from . import calls, incoming, records, selection


def seed(stdout):
    calls.seed(stdout)
    selection.seed(stdout)
    incoming.seed(stdout)
    records.seed(stdout)
