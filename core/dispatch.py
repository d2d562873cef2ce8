"""The one way to dispatch a task: after the commit, a broker outage logged, never raised.

`enqueue_on_commit(task, *args)` and `enqueue_once_on_commit(task)`; `core.tasks` re-exports both
(the name every app imports). Modules that tasks wrap dispatch them by name
(`celery.current_app.tasks["app.task"]`, registered by their AppConfig.ready) so that a service
and its task never import each other.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def _dispatch(task, args, kwargs):
    """Hand a task to the broker; a broker outage is logged, never raised.

    The work is not lost: it was recorded in the database with the change that caused it, and a
    beat sweep picks up what no task did (queued emails, missing letters and certificates). The
    request that caused it has already committed, so an exception here could only turn a saved
    change into an error page.
    """
    if task.app.conf.task_always_eager:  # in-process: the task's own errors are the caller's
        task.apply_async(args=args, kwargs=kwargs)
        return
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception:
        logger.warning(
            "Could not dispatch %s (broker unavailable?); the beat sweep will do it", task.name, exc_info=True
        )


def enqueue_on_commit(task, *args, **kwargs):
    """Send `task` to the workers only once the surrounding transaction commits.

    A task dispatched inside a transaction that later rolls back would act on rows that never
    existed (or email about a decision that was never taken); on_commit drops it instead.
    """
    transaction.on_commit(lambda: _dispatch(task, args, kwargs))


def enqueue_once_on_commit(task):
    """Like `enqueue_on_commit` for a task without arguments, dispatched at most once per atomic block
    (a bulk action that queues 2,000 emails in one block sends one delivery task, not 2,000).

    A dispatch already pending from the same block (same savepoints) covers this one: both run at
    the same commit, and the task handles everything queued by then.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        here = set(connection.savepoint_ids)
        if any(
            getattr(func, "iro_task", None) == task.name and sids == here
            for sids, func, _robust in connection.run_on_commit
        ):
            return

    def dispatch():
        _dispatch(task, (), {})

    dispatch.iro_task = task.name
    transaction.on_commit(dispatch)
