"""One base for the refusals of services, so views, the admin and tasks catch one thing.

API: `raise ServiceError(_("A sentence the person can act on."))`; each app subclasses it
(`RegistrationError(ServiceError)`, ...). `str(exc)` and `exc.message` are that sentence, already
in the reader's language: show it as it is (a form error, a message), never as a 500.
`core.workflow.InvalidTransition` is one too. Admins that save through a service take
`core.admin_mixins.ServiceErrorAdminMixin`, which turns the refusal into a form error.
"""


class ServiceError(Exception):
    """A refusal a participant, a student or a staff member can read."""

    def __init__(self, message=""):
        super().__init__(message)
        self.message = str(message)

    def __str__(self):
        return self.message
