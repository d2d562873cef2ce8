"""Mobility's demo data, `seed(stdout)` for `manage.py seed_demo`: calls and outgoing applications,
then incoming nominations, then letters and the mobility records of past years (each idempotent)."""

from . import calls, incoming, records


def seed(stdout):
    calls.seed(stdout)
    incoming.seed(stdout)
    records.seed(stdout)
