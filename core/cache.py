"""A Redis cache whose outage is not an error.

The cache only saves work (the rendered partner directory) and counts attempts (allauth's rate
limits): with Redis down, a read misses, a write is dropped and the page is computed again,
instead of every page that touches the cache answering 500. After a failure the cache is left
alone for a few seconds, so that an outage does not add a connection timeout to every call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def _guard(self, name, default, call, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return call(*args, **kwargs)
        except RedisError as exc:
            if self._down_until == 0.0 or time.monotonic() >= self._down_until:
                logger.warning("Cache unavailable (%s: %s); working without it", name, exc.__class__.__name__)
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            return default

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True: as if stored. allauth's rate limits take a lock with add(); during an outage they
        # let people through rather than answer every login with 429.
        return self._guard("add", True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guard("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guard("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._guard("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guard("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        return self._guard("incr", delta, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set_many", list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._guard("clear", False, super().clear)
