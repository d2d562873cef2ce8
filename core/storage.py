import os

from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage
from django.urls import reverse


class PrivateStorage(FileSystemStorage):
    """Every upload and generated document lives here, outside any public URL.

    `url()` points at a staff-only view (used by admin file widgets); students, coordinators and
    participants get their files from their app's views, which check who is asking.
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

    def url(self, name):
        token = signing.dumps(name, salt="core.private-file")
        return reverse("core:staff_file", args=[token])
