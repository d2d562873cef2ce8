"""The Erasmus+ cooperation partnerships of the brochure (section 6), with what the office follows.

What the brochure says: IDEAL (2016–2019), IDEAL+ (2019–2022), IDEALiTER (2022–2025, "12 partner
universities") and IDEAL4PREPAREDNESS, coordinated from UPCité's International Relations Office; PHEMED
with partners in Berlin, Aarhus, Nicosia and the Planetary Health Alliance. Its IDEAL pages show the
partner institutions and associated partners as logos only, without names.

ASSUMPTIONS (the demo's, not the brochure's; replace them with the projects' real records):
- every IDEAL partner name but the coordinator (Université Paris Cité): the eleven universities that
  make IDEALiTER's twelve are picked among the school's own Erasmus+ partners (the brochure's list of
  academic exchanges in Europe); IDEAL and IDEAL+ are given growing subsets of them, and
  IDEAL4PREPAREDNESS the twelve of IDEALiTER plus Institut Pasteur as associated partner (the brochure
  names it as an affiliated research institution, not as a partner);
- PHEMED's "Berlin" is Charité – Universitätsmedizin Berlin (the school's partner in Berlin), and
  UPCité its coordinator;
- every amount (EU grant, co-financing), work package, deliverable, due date and reporting deadline
  (`work_plans.py`).
"""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from partners.models import Institution

from .. import services
from ..models import PartnerRole, Project, SessionKind
from .work_plans import seed_work_plans

IDEAL_DESCRIPTION = (
    "IDEAL4PREPAREDNESS is the prolongation of the European projects IDEAL (2016-2019), IDEAL+ "
    "(2019-2022) and IDEALiTER (2022-2025). It establishes a common curriculum in infectious diseases "
    "and promotes innovative and interactive teaching methods.\n\n"
    "Focusing on interprofessional communication through the spectrum of infectious diseases, "
    "IDEAL4PREPAREDNESS (Infectious Diseases Education Advanced Level for better Preparedness) builds a "
    "solid shared expertise across a wide network of European institutions. It develops innovative "
    "teaching practices through case-based learning and real-life simulations, offering an immersive "
    "learning experience. The program is designed to include both undergraduate and postgraduate "
    "students, with all courses delivered in English.\n\n"
    "The program offers advanced training sessions for students, an annual “Train the Trainers” seminar "
    "for young healthcare professionals and an annual summer school."
)

PHEMED_DESCRIPTION = (
    "PHEMED aims to integrate the ecological crisis into medical education. In collaboration with "
    "European partners (Berlin, Aarhus, Nicosia, Planetary Health Alliance), it is developing a course on "
    "planetary health to help students and teachers understand the link between human health and "
    "ecosystems. The goal: to train ambassadors of change towards a sustainable healthcare system, "
    "through a student-centered, collaborative, and innovative approach.\n\n"
    "The project provides interdisciplinary resources and a comprehensive program for medical students "
    "and teachers. Activities include professional training, online learning with European partners, "
    "and summer schools. A digital platform will extend these initiatives and foster a community of "
    "future leaders in planetary health."
)


# The school's European partners picked as IDEAL partners (assumptions; names as in partners.demo).
IDEAL_FIRST = [
    ("Charité – Universitätsmedizin Berlin", "DE", "Berlin", "https://www.charite.de"),
    ("Sapienza University of Rome", "IT", "Rome", "https://www.uniroma1.it"),
    ("Semmelweis University", "HU", "Budapest", "https://semmelweis.hu"),
    ("Charles University", "CZ", "Prague", "https://cuni.cz"),
    ("Medical University of Warsaw", "PL", "Warsaw", "https://www.wum.edu.pl"),
]
IDEAL_PLUS_JOINED = [
    ("KU Leuven", "BE", "Leuven", "https://www.kuleuven.be"),
    ("University of Lisbon", "PT", "Lisbon", "https://www.ulisboa.pt"),
    ("University of Ljubljana", "SI", "Ljubljana", "https://www.uni-lj.si"),
]
IDEALITER_JOINED = [  # with UPCité and the eight above: the brochure's 12 partner universities
    ("Medical University of Sofia", "BG", "Sofia", "https://mu-sofia.bg"),
    ("Complutense University of Madrid", "ES", "Madrid", "https://www.ucm.es"),
    ("National and Kapodistrian University of Athens", "GR", "Athens", "https://www.uoa.gr"),
]


def _institution(name, country, city, website=""):
    institution, _ = Institution.objects.get_or_create(
        name=name, defaults={"country": country, "city": city, "website": website}
    )
    return institution


_project = services.save_project
_session = services.save_session


def _partners(project, pairs):
    for institution, role in pairs:
        services.set_partner(project, institution, role=role)


def seed(stdout):
    upcite = _institution("Université Paris Cité", "FR", "Paris", "https://u-paris.fr")
    charite = _institution("Charité – Universitätsmedizin Berlin", "DE", "Berlin", "https://www.charite.de")
    aarhus = _institution("Aarhus University", "DK", "Aarhus", "https://international.au.dk")
    nicosia = _institution("University of Nicosia", "CY", "Nicosia", "https://www.unic.ac.cy")
    pha = _institution(
        "Planetary Health Alliance", "US", "Baltimore", "https://www.planetaryhealthalliance.org"
    )

    ideal_common = {
        "programme": "Erasmus+ Cooperation partnership (KA2)",
        "website": "https://ideal.u-paris.fr",
        "contact_email": "projets.international.medecine@u-paris.fr",
    }
    ideal = _project(
        "IDEAL",
        slug="ideal",
        title="Infectious Diseases Education Advanced Level",
        summary="The first IDEAL project: a common European curriculum in infectious diseases.",
        start_year=2016,
        end_year=2019,
        continues=None,
        **ideal_common,
    )
    ideal_plus = _project(
        "IDEAL+",
        slug="ideal-plus",
        title="Infectious Diseases Education Advanced Level +",
        summary="The second IDEAL project, extending the shared curriculum and its interactive teaching.",
        start_year=2019,
        end_year=2022,
        continues=ideal,
        **ideal_common,
    )
    idealiter = _project(
        "IDEALiTER",
        slug="idealiter",
        title="Infectious Diseases Education Advanced Level — international teaching collaboration",
        summary="Enhances international teaching collaboration in infectious diseases across 12 partner universities.",
        start_year=2022,
        end_year=2025,
        continues=ideal_plus,
        **ideal_common,
    )
    ideal4 = _project(
        "IDEAL4PREPAREDNESS",
        slug="ideal4preparedness",
        title="Infectious Diseases Education Advanced Level for better Preparedness",
        summary=(
            "A common curriculum in infectious diseases with case-based learning and real-life simulations, "
            "for undergraduate and postgraduate students, all in English."
        ),
        description=IDEAL_DESCRIPTION,
        start_year=2025,
        end_year=None,
        continues=idealiter,
        **ideal_common,
    )
    phemed = _project(
        "PHEMED",
        slug="phemed",
        title="Planetary Health in European Medical Education",
        programme="Erasmus+ Cooperation partnership (KA2)",
        summary="Integrates the ecological crisis into medical education with a European course on planetary health.",
        description=PHEMED_DESCRIPTION,
        start_year=2023,
        end_year=None,
        continues=None,
        website="https://poem-set.u-paris.fr",
        contact_email="projets.international.medecine@u-paris.fr",
    )
    # IDEAL's partners: all assumptions but the coordinator (see the module's docstring).
    first = [_institution(*fields) for fields in IDEAL_FIRST]
    joined_plus = [_institution(*fields) for fields in IDEAL_PLUS_JOINED]
    joined_iter = [_institution(*fields) for fields in IDEALITER_JOINED]
    pasteur = _institution("Institut Pasteur", "FR", "Paris", "https://www.pasteur.fr")
    line = [
        (ideal, first),
        (ideal_plus, first + joined_plus),
        (idealiter, first + joined_plus + joined_iter),
        (ideal4, first + joined_plus + joined_iter),
    ]
    for project, partners in line:
        _partners(project, [(upcite, PartnerRole.COORDINATOR), *((p, PartnerRole.PARTNER) for p in partners)])
    _partners(ideal4, [(pasteur, PartnerRole.ASSOCIATED)])
    _partners(
        phemed,
        [
            (upcite, PartnerRole.COORDINATOR),
            (charite, PartnerRole.PARTNER),
            (aarhus, PartnerRole.PARTNER),
            (nicosia, PartnerRole.PARTNER),
            (pha, PartnerRole.ASSOCIATED),
        ],
    )
    _session(
        ideal4,
        "Train the Trainers seminar 2026",
        kind=SessionKind.TRAIN_THE_TRAINERS,
        audience="young healthcare professionals",
        starts_on=datetime.date(2026, 3, 16),
        ends_on=datetime.date(2026, 3, 20),
        location="Paris, Faculty of Medicine",
        description="The yearly seminar on interactive teaching of infectious diseases.",
    )
    _session(
        ideal4,
        "IDEAL summer school 2027",
        kind=SessionKind.SUMMER_SCHOOL,
        audience="undergraduate and postgraduate students",
        starts_on=datetime.date(2027, 7, 5),
        ends_on=datetime.date(2027, 7, 9),
        location="Paris",
        description="Case-based learning and real-life simulations, in English.",
    )
    advanced = _session(
        ideal4,
        "Advanced session: outbreak preparedness",
        kind=SessionKind.ADVANCED,
        audience="medical students",
        starts_on=datetime.date(2027, 2, 8),
        ends_on=datetime.date(2027, 2, 12),
        location="Paris, iLumens Simulation Center",
    )
    # Open for registration through the summer schools' machinery (a demo assumption: 25 seats,
    # free, registration from 2 November 2026 to 31 January 2027).
    if advanced.offering_id is None:
        paris = ZoneInfo("Europe/Paris")
        staff = get_user_model().objects.filter(is_staff=True).order_by("pk").first()
        services.open_registrations(
            advanced,
            by=staff,
            capacity=25,
            registration_opens=datetime.datetime(2026, 11, 2, 9, tzinfo=paris),
            registration_closes=datetime.datetime(2027, 1, 31, 23, tzinfo=paris),
            hours=35,
            signatory_name="Prof. Victoire de Lastours",
            signatory_title="Academic Head, International Relations",
        )
    _session(
        phemed,
        "Planetary health online course",
        kind=SessionKind.ONLINE,
        audience="medical students and teachers",
        starts_on=datetime.date(2027, 1, 11),
        ends_on=datetime.date(2027, 3, 29),
        location="Online, with the European partners",
    )
    _session(
        phemed,
        "PHEMED summer school",
        kind=SessionKind.SUMMER_SCHOOL,
        audience="medical students",
        starts_on=datetime.date(2027, 6, 28),
        ends_on=datetime.date(2027, 7, 2),
        location="Aarhus",
    )
    seed_work_plans()
    stdout.write(f"Projects: {Project.objects.count()} Erasmus+ projects\n")
