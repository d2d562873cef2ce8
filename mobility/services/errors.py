"""The refusals of mobility's services: sentences a student, a coordinator or staff can act on.

They are `core.errors.ServiceError`s, so views, the admin (`ServiceErrorAdminMixin`) and tasks
catch them with everything else the portal's services refuse.
"""

from core.errors import ServiceError


class ApplicationError(ServiceError):
    """A refusal a person understands (shown as is to students and staff); `problems` lists the
    details when there are several (a clerkship plan's)."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.problems = list(problems)


class DeadlinePassed(ApplicationError):
    pass


class Incomplete(ApplicationError):
    pass


class NotNominated(ApplicationError):
    """An incoming call: students only get in through their home university's nomination."""


class NominationError(ApplicationError):
    """A refusal a coordinator or a student understands."""
