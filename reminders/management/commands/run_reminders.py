"""`manage.py run_reminders [--now ISO] [--dry-run]`: one sweep, with the count per rule."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from reminders.services import run_reminders


class Command(BaseCommand):
    help = "Send the reminders due now (or at --now), once; --dry-run sends nothing."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="run as at this instant, e.g. 2027-01-24T09:00:00+01:00")
        parser.add_argument("--dry-run", action="store_true", help="count what would go, send nothing")

    def handle(self, *args, now=None, dry_run=False, **options):
        at = None
        if now:
            at = parse_datetime(now)
            if at is None:
                raise CommandError(f"--now: not an ISO date and time: {now}")
            if timezone.is_naive(at):
                at = timezone.make_aware(at)
        counts = run_reminders(now=at, dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        for code, count in sorted(counts.items()):
            self.stdout.write(f"{code}: {verb} {count}")
        self.stdout.write(f"total: {verb} {sum(counts.values())}")
