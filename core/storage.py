"""Where uploads and generated documents live: a private folder, or a private S3-compatible bucket.

Neither storage has a public URL: `url()` names a staff-only view (admin file widgets link to it),
and students, coordinators and participants get their files from their app's views, which check who
is asking and then stream the bytes themselves (core.files.serve_private_file).
"""

import os

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from storages.backends.s3 import S3Storage


class StaffOnlyURLMixin:
    """`url()` points at core:staff_file (a signed name, permission checked there), never at the file."""

    def url(self, name, *args, **kwargs):
        token = signing.dumps(name, salt="core.private-file")
        return reverse("core:staff_file", args=[token])


class PrivateStorage(StaffOnlyURLMixin, FileSystemStorage):
    """Every upload and generated document lives here, outside any public URL (one machine).

    The folder is read from settings.PRIVATE_MEDIA_ROOT at each use, so tests can move it.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("base_url", None)
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class PrivateS3Storage(StaffOnlyURLMixin, S3Storage):
    """The same private files in an S3-compatible bucket, so that every web replica and worker,
    on any host, sees the same files (settings: AWS_STORAGE_BUCKET_NAME and its neighbours).

    Objects are written with the `private` canned ACL (AWS_DEFAULT_ACL, empty for buckets whose
    ACLs are disabled: those are private anyway), never get a public or presigned URL, and are
    never overwritten: a second file of the same name gets a suffix, as on disk, so that a
    transaction rolled back after a save cannot have replaced a file a committed row names.
    Reads are spooled (in memory up to 1 MB, then a temporary file) and streamed by the view.
    """

    def get_default_settings(self):
        defaults = super().get_default_settings()
        defaults.update(
            default_acl=getattr(settings, "AWS_DEFAULT_ACL", "private") or None,
            file_overwrite=False,
            querystring_auth=True,  # should a URL ever be built by boto3 itself, it is a signed one
            custom_domain=None,  # no public domain in front of the bucket
            max_memory_size=getattr(settings, "AWS_S3_MAX_MEMORY_SIZE", 1024 * 1024),
        )
        return defaults
