import pytest

from tests.factories import StaffFactory


@pytest.fixture
def staff(db):
    return StaffFactory()
