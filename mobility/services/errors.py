"""The refusals of mobility's services: sentences a student, a coordinator or staff can act on."""


class ApplicationError(Exception):
    """A refusal a person understands (shown as is to students and staff)."""

    def __init__(self, message, problems=()):
        self.message = str(message)
        self.problems = list(problems)
        super().__init__(self.message)


class DeadlinePassed(ApplicationError):
    pass


class Incomplete(ApplicationError):
    pass


class NotNominated(ApplicationError):
    """An incoming call: students only get in through their home university's nomination."""


class NominationError(ApplicationError):
    """A refusal a coordinator or a student understands."""
