"""An agreement's name as staff read it in the admin's lists and choices, in their language."""

import pytest
from django.utils import translation

from tests.factories import AgreementFactory, InstitutionFactory

pytestmark = pytest.mark.django_db


def test_an_agreements_name_says_its_years_in_the_readers_language():
    agreement = AgreementFactory(
        institution=InstitutionFactory(name="Karolinska Institutet"),
        title="Erasmus+ exchange",
        valid_from_year=2022,
        valid_to_year=2028,
    )
    assert str(agreement) == "Karolinska Institutet — Erasmus+ exchange (2022–23 to 2028–29)"
    with translation.override("fr"):
        assert str(agreement) == "Karolinska Institutet — Erasmus+ exchange (de 2022–23 à 2028–29)"
