"""Copy the private files of a one-machine portal into the bucket it moves to.

Run it once the bucket settings are in place (AWS_STORAGE_BUCKET_NAME…), before or after the
switch, as often as needed: a file already in the bucket with the same content is skipped, so a
second run only copies what was added or changed since the first. Names are kept exactly (the
database points at them); nothing local is deleted.
"""

import hashlib
import os
from pathlib import Path

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from core.storage import PrivateS3Storage


def _md5(path):
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256(chunks):
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = (
        "Copy the private files of the local folder (PRIVATE_MEDIA_ROOT) into the configured bucket "
        "(AWS_STORAGE_BUCKET_NAME) under the same names; files already there with the same content "
        "are skipped, so the command can be run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            default=str(settings.PRIVATE_MEDIA_ROOT),
            help="Folder to copy (PRIVATE_MEDIA_ROOT by default).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be copied, without copying."
        )

    def handle(self, *args, source, dry_run, **options):
        storage = storages["default"]
        if not isinstance(storage, PrivateS3Storage):
            raise CommandError(
                "The default storage is not a bucket: set AWS_STORAGE_BUCKET_NAME "
                "(and AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) before copying."
            )
        root = Path(source)
        if not root.is_dir():
            raise CommandError(f"Nothing to copy: {root} does not exist.")
        try:
            storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
        except ClientError as exc:
            raise CommandError(f"The bucket “{storage.bucket_name}” cannot be reached: {exc}") from exc

        copied = skipped = 0
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            if self._same_in_bucket(storage, name, path):
                skipped += 1
                continue
            if not dry_run:
                with open(path, "rb") as fh:
                    # _save keeps the exact name (save() would add a suffix next to an older copy).
                    storage._save(name, File(fh, name=name))
                if storage.size(name) != path.stat().st_size:
                    raise CommandError(f"{name}: the copy in the bucket is not the size of the local file.")
            copied += 1
            self.stdout.write(f"{'to copy' if dry_run else 'copied'}: {name}")
        verb = "to copy" if dry_run else "copied"
        self.stdout.write(
            self.style.SUCCESS(
                f"{copied} file(s) {verb}, {skipped} already in “{storage.bucket_name}” with the same content."
            )
        )

    @staticmethod
    def _same_in_bucket(storage, name, path):
        """Same size, and the same content: the ETag is the MD5 of a single-part upload; otherwise
        (multipart uploads, encryption with KMS) the object is read back and compared."""
        key = storage._normalize_name(name)
        try:
            head = storage.connection.meta.client.head_object(Bucket=storage.bucket_name, Key=key)
        except ClientError as exc:
            if exc.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
                return False
            raise
        if head["ContentLength"] != os.path.getsize(path):
            return False
        if head.get("ETag", "").strip('"') == _md5(path):
            return True
        with storage.open(name, "rb") as remote, open(path, "rb") as local:
            return _sha256(remote.chunks()) == _sha256(iter(lambda: local.read(1024 * 1024), b""))
