from core.errors import ServiceError


class LearningError(ServiceError):
    """A step refused with a message the person understands; nothing was written."""
