"""`allocate_call CALL_ID [--publish]`: the call's allocation by merit as CSV on standard output
(rank, email, score, place — the partner or "waiting list" — and preference_rank); nothing changes
unless `--publish` is given, which publishes it exactly as the admin's button does."""

import csv

from django.core.management.base import BaseCommand, CommandError

from core.exports import neutralise
from mobility.models import AllocationRun, Call
from mobility.services import allocation
from mobility.services.errors import ApplicationError

COLUMNS = ["rank", "email", "score", "place", "preference_rank"]


class Command(BaseCommand):
    help = "Print a call's allocation by merit as CSV; --publish publishes it (once)."

    def add_arguments(self, parser):
        parser.add_argument("call_id", type=int)
        parser.add_argument("--publish", action="store_true", help="Publish the allocation (once).")

    def handle(self, *args, call_id, publish, **options):
        call = Call.objects.filter(pk=call_id).first()
        if call is None:
            raise CommandError(f"No call with id {call_id}.")
        if publish:
            try:
                run, created = allocation.publish(call, by=None)
            except ApplicationError as exc:
                raise CommandError(str(exc)) from exc
            if created:
                self.stdout.write(
                    f"Published: {run.accepted} places offered, {run.waitlisted} on the waiting list."
                )
            else:
                self.stdout.write(f"Already published on {run.published_at.isoformat()}: nothing changed.")
            return
        if AllocationRun.objects.filter(call=call).exists():
            self.stderr.write(
                "This call's allocation is already published: the rows below are the applications still undecided."
            )
        result = allocation.compute(call)
        writer = csv.writer(self.stdout)
        writer.writerow(COLUMNS)
        for row in result.ranked:
            writer.writerow(
                [
                    row.rank,
                    neutralise(row.application.student.email),
                    row.score,
                    neutralise(str(row.place.institution)) if row.place else "waiting list",
                    row.preference_rank or "",
                ]
            )
        excluded = len(result.rows) - len(result.ranked)
        self.stderr.write(
            f"{len(result.ranked)} applicants ranked, {excluded} not ranked (not eligible or marks missing)."
        )
