from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacy import services


class Command(BaseCommand):
    help = "Apply the personal-data retention periods (settings.PRIVACY_RETENTION) and record the run."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be done; change nothing."
        )
        parser.add_argument("--now", help="Count the periods from this ISO instant instead of now.")

    def handle(self, *args, dry_run=False, now=None, **options):
        if now:
            try:
                instant = datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError(f"--now: not an ISO date or instant: {now!r}") from exc
            if timezone.is_naive(instant):
                instant = timezone.make_aware(instant)
        else:
            instant = timezone.now()
        run = services.apply_retention(now=instant, dry_run=dry_run, trigger="command")
        title = "Dry run (nothing changed)" if dry_run else "Retention applied"
        self.stdout.write(f"{title} as of {instant.isoformat()}:")
        for category, count in run.counts.items():
            self.stdout.write(f"  {category}: {count}")
