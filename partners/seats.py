"""Seats used on agreements, counted by the apps that use them.

Partners knows how many seats an agreement offers; only the apps that hand them out know how many
are taken (mobility: outgoing applications holding a place, incoming nominations). Each such app
registers a counter at start-up, so partners never imports them:

    register_seat_counter(func)   # func(agreement_ids, year) -> {(agreement_id, direction): used}

A counter must answer for any number of agreements in a constant number of queries.
"""

from collections import Counter
from dataclasses import dataclass

from .models import Direction

_counters = []


def register_seat_counter(func):
    if func not in _counters:
        _counters.append(func)
    return func


def used_seats(agreement_ids, year) -> Counter:
    """{(agreement_id, direction): seats taken in academic year `year`} summed over every counter."""
    ids = list(agreement_ids)
    total = Counter()
    if not ids:
        return total
    for counter in _counters:
        total.update(counter(ids, year))
    return total


@dataclass(frozen=True)
class SeatUsage:
    offered: int
    used: int

    @property
    def left(self) -> int:
        return max(self.offered - self.used, 0)

    @property
    def over(self) -> bool:
        return self.used > self.offered


def usage(agreements, year) -> dict:
    """{agreement_id: {"outgoing": SeatUsage, "incoming": SeatUsage}} for `year`."""
    agreements = list(agreements)
    used = used_seats((a.pk for a in agreements), year)
    return {
        a.pk: {
            direction: SeatUsage(a.seats(direction, year), used[(a.pk, direction)])
            for direction in (Direction.OUTGOING, Direction.INCOMING)
        }
        for a in agreements
    }
