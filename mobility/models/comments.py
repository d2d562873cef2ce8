"""The portal's own comments on an application's moves: stored in English, read in the reader's
language (core.workflow.SystemComment). Declared with the models so that every page knows them."""

import datetime

from django.utils.translation import gettext_lazy as _

from core.templatetags.paris_time import paris
from core.workflow import SystemComment


def _paris_time(iso):
    return paris(datetime.datetime.fromisoformat(iso))


PLACE_FREED = SystemComment(_("A place freed at %(partner)s."))
PLACE_NOT_CONFIRMED = SystemComment(_("The place was not confirmed by %(deadline)s."), deadline=_paris_time)
PLACE_DECLINED = SystemComment(_("Place declined by the student."))
NOMINATION_WITHDRAWN = SystemComment(_("Nomination withdrawn by the home university."))
