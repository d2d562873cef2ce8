"""What the benchmarks share: the partners they fill the directory with.

Imported by the scripts of this folder after they have set up Django (`django.setup()`), so the
models are imported inside the function.
"""


def create_partners(n_institutions, n_agreements, *, countries, digits, cities, batch_size, **agreement):
    """`n_institutions` institutions named "Benchmark University 00042" (spread over `countries` and
    `cities` cities) and `n_agreements` agreements in force this year, of every kind, spread over them;
    `agreement` gives further fields of every agreement."""
    from core import academic
    from partners.models import Agreement, AgreementKind, Duration, Institution
    from partners.regions import region_of

    year = academic.current_academic_year()
    Institution.objects.bulk_create(
        [
            Institution(
                name=f"Benchmark University {i:0{digits}}",
                country=countries[i % len(countries)],
                region=region_of(countries[i % len(countries)]),
                city=f"City {i % cities}",
            )
            for i in range(n_institutions)
        ],
        batch_size=batch_size,
    )
    ids = list(Institution.objects.filter(name__startswith="Benchmark ").values_list("pk", flat=True))
    kinds = list(AgreementKind.values)
    Agreement.objects.bulk_create(
        [
            Agreement(
                institution_id=ids[i % len(ids)],
                kind=kinds[i % len(kinds)],
                valid_from_year=year - 1,
                valid_to_year=year + 2,
                outgoing_seats=2,
                incoming_seats=2,
                duration=Duration.SEMESTER_OR_YEAR,
                is_signed=True,
                **agreement,
            )
            for i in range(n_agreements)
        ],
        batch_size=batch_size,
    )
