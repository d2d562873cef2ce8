"""Hooks other parts of the portal listen to, so they react to applications without editing services.

`application_transitioned` is sent by `services.transition` inside its transaction, right after the
status change was recorded: receivers that write rows share the transaction (a refused move writes
nothing); receivers that dispatch work use `core.tasks.enqueue_on_commit`.
Keyword arguments: application, from_state, to_state, by (None for the system), comment.
"""

import django.dispatch

application_transitioned = django.dispatch.Signal()
