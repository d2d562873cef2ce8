import io

import pytest
from django.core.management import call_command

from accounts import demo as accounts_demo
from mobility.demo import calls as demo_calls
from mobility.demo import selection as demo_selection
from mobility.models import Application, Call, Mark, SelectionCriterion, Status
from mobility.services import allocation

pytestmark = pytest.mark.django_db


def test_the_demo_imep_call_is_a_real_contest_with_marks(capsys):
    accounts_demo.seed(io.StringIO())
    demo_calls.seed(io.StringIO())
    demo_selection.seed(io.StringIO())
    counts = (SelectionCriterion.objects.count(), Mark.objects.count(), Application.objects.count())
    demo_selection.seed(io.StringIO())
    assert (SelectionCriterion.objects.count(), Mark.objects.count(), Application.objects.count()) == counts
    imep = Call.objects.get(title__startswith="IMEP", academic_year=2027, direction="outgoing")
    assert imep.confirmation_deadline is not None
    result = allocation.compute(imep)
    seats = sum(s.offered for s in result.seats)
    assert len(result.ranked) > seats == 2
    assert [r.rank for r in result.ranked] == list(range(1, len(result.ranked) + 1))
    assert all(r.score is not None for r in result.ranked)
    assert sum(1 for r in result.ranked if r.place) == 2
    assert (
        Application.objects.filter(status=Status.SUBMITTED, score__isnull=True)
        .exclude(call__direction="incoming")
        .count()
        == 0
    )
    call_command("allocate_call", str(imep.pk))
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "rank,email,score,place,preference_rank" and len(lines) == len(result.ranked) + 1
    assert "waiting list" in lines[-1]
