"""Production's settings (config.settings), with the student dashboard kept in the cache even when it
is each worker's own memory (no REDIS_URL): right for the benchmark, which writes nothing while it
measures; the portal itself keeps the dashboard only in a cache every process shares (Redis)."""

from config.settings import *  # noqa: F403

FRAGMENT_CACHE = True
