"""Rendered fragments kept in the cache until a version they were built from changes (issue 19).

A version is a cache key holding an instant (`time.time_ns()`): `new_versions(keys)` starts new
ones, so every fragment built on the old ones is never read again (it expires). A reader:

    value, versions = fragments.read(entry_key, version_keys)
    if value is None:
        value = ...  # built from the database, after `versions` were read
        fragments.store(entry_key, versions, value, until=..., timeout=...)

Reading the versions before the database is what makes a race harmless: a writer that commits
while the fragment is built starts new versions after its commit, so the fragment, stored under
the old ones, is not read again. A missing version (evicted, never set) is created with a new
instant, never reused, so an old fragment cannot match it. `until` bounds a fragment whose
content changes with time alone (a deadline passing, "closes in 3 days"). The cache fails open
(core.cache): with Redis down every read misses and the value is built each time; `timeout`
bounds how long a fragment can outlive a version change lost during an outage. Without a shared
cache (settings.FRAGMENT_CACHE false: no REDIS_URL, each process its own memory) nothing is kept:
a write served by one process could not make another process's copy stale.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def new_versions(keys):
    """New versions for `keys`: every fragment built on their old values is stale."""
    keys = list(keys)
    if keys:
        stamp = time.time_ns()
        cache.set_many(dict.fromkeys(keys, stamp), None)


def read(entry_key, version_keys):
    """(the stored value or None, the current versions of `version_keys`) in one cache round trip.

    The versions are None when one could not be read or created (the cache is down): the value
    built then is not stored.
    """
    if not settings.FRAGMENT_CACHE:
        return None, None
    found = cache.get_many([entry_key, *version_keys])
    versions = [found.get(key) for key in version_keys]
    if None in versions:
        missing = [key for key, version in zip(version_keys, versions, strict=True) if version is None]
        for key in missing:
            cache.add(key, time.time_ns(), None)
        again = cache.get_many(missing)
        versions = [found.get(key, again.get(key)) for key in version_keys]
        return None, (None if None in versions else versions)
    entry = found.get(entry_key)
    if entry is not None and entry["versions"] == versions and timezone.now() < entry["until"]:
        return entry["value"], versions
    return None, versions


def store(entry_key, versions, value, *, until, timeout):
    """Keep `value`, built on `versions`, until the instant `until` (an aware datetime) or `timeout` seconds."""
    if versions is None:
        return
    seconds = min(timeout, (until - timezone.now()).total_seconds())
    if seconds >= 1:
        cache.set(entry_key, {"versions": versions, "until": until, "value": value}, int(seconds))
