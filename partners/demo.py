"""Every partner named in the Medical School's international brochure, with official names, and
the networks.

Names are the institutions' official English names, with the local name beside them (the
brochure mixes both and has typos: "Universidad de Lisboa" is the Universidade de Lisboa, the
University of Chicago is in Illinois). The brochure shows a 2–4 week summer programme in Denmark
without naming its host: the demo files it under Aarhus University, the Danish partner, and says
so in the agreement's notes. Idempotent: institutions are found by name, agreements by kind.
"""

from accounts.models import User

from .models import Agreement, AgreementKind, Duration, Institution, Network

HOME = ("Université Paris Cité", "", "FR", "Paris", "https://u-paris.fr", "F PARIS482")

# (name, local name, country, city, website)
EUROPE_EXCHANGES = [
    (
        "Charité – Universitätsmedizin Berlin",
        "Freie Universität Berlin · Charité",
        "DE",
        "Berlin",
        "https://www.charite.de",
    ),
    (
        "Heidelberg University",
        "Ruprecht-Karls-Universität Heidelberg",
        "DE",
        "Heidelberg",
        "https://www.uni-heidelberg.de",
    ),
    (
        "Medical University of Innsbruck",
        "Medizinische Universität Innsbruck",
        "AT",
        "Innsbruck",
        "https://www.i-med.ac.at",
    ),
    ("University of Antwerp", "Universiteit Antwerpen", "BE", "Antwerp", "https://www.uantwerpen.be"),
    ("Université libre de Bruxelles", "", "BE", "Brussels", "https://www.ulb.be"),
    ("KU Leuven", "Katholieke Universiteit Leuven", "BE", "Leuven", "https://www.kuleuven.be"),
    ("UCLouvain", "Université catholique de Louvain", "BE", "Brussels", "https://uclouvain.be"),
    ("Medical University of Sofia", "Медицински университет – София", "BG", "Sofia", "https://mu-sofia.bg"),
    ("Aarhus University", "Aarhus Universitet", "DK", "Aarhus", "https://international.au.dk"),
    ("University of Cádiz", "Universidad de Cádiz", "ES", "Cádiz", "https://www.uca.es"),
    (
        "Francisco de Vitoria University",
        "Universidad Francisco de Vitoria",
        "ES",
        "Pozuelo de Alarcón",
        "https://www.ufv.es",
    ),
    (
        "Complutense University of Madrid",
        "Universidad Complutense de Madrid",
        "ES",
        "Madrid",
        "https://www.ucm.es",
    ),
    (
        "National and Kapodistrian University of Athens",
        "Εθνικό και Καποδιστριακό Πανεπιστήμιο Αθηνών",
        "GR",
        "Athens",
        "https://www.uoa.gr",
    ),
    ("Semmelweis University", "Semmelweis Egyetem", "HU", "Budapest", "https://semmelweis.hu"),
    (
        "University College Dublin",
        "An Coláiste Ollscoile, Baile Átha Cliath",
        "IE",
        "Dublin",
        "https://www.ucd.ie",
    ),
    ("University of Florence", "Università degli Studi di Firenze", "IT", "Florence", "https://www.unifi.it"),
    ("University of Pavia", "Università degli Studi di Pavia", "IT", "Pavia", "https://www.unipv.eu"),
    ("University of Pisa", "Università di Pisa", "IT", "Pisa", "https://www.unipi.it"),
    ("Università Cattolica del Sacro Cuore", "", "IT", "Rome", "https://www.unicatt.it"),
    ("Sapienza University of Rome", "Sapienza Università di Roma", "IT", "Rome", "https://www.uniroma1.it"),
    (
        "Medical University of Warsaw",
        "Warszawski Uniwersytet Medyczny",
        "PL",
        "Warsaw",
        "https://www.wum.edu.pl",
    ),
    ("University of Lisbon", "Universidade de Lisboa", "PT", "Lisbon", "https://www.ulisboa.pt"),
    ("Charles University", "Univerzita Karlova", "CZ", "Prague", "https://cuni.cz"),
    (
        "Transilvania University of Brașov",
        "Universitatea Transilvania din Brașov",
        "RO",
        "Brașov",
        "https://www.unitbv.ro",
    ),
    (
        "Carol Davila University of Medicine and Pharmacy",
        "Universitatea de Medicină și Farmacie „Carol Davila”",
        "RO",
        "Bucharest",
        "https://umfcd.ro",
    ),
    ("The University of Manchester", "", "GB", "Manchester", "https://www.manchester.ac.uk"),
    ("University of Ljubljana", "Univerza v Ljubljani", "SI", "Ljubljana", "https://www.uni-lj.si"),
    ("Karolinska Institutet", "", "SE", "Stockholm", "https://ki.se"),
    (
        "Maastricht University",
        "Universiteit Maastricht",
        "NL",
        "Maastricht",
        "https://www.maastrichtuniversity.nl",
    ),
]
UTSW = ("UT Southwestern Medical Center", "", "US", "Dallas", "https://www.utsouthwestern.edu")
NUS = ("National University of Singapore", "", "SG", "Singapore", "https://nus.edu.sg")
CLINICAL = [
    ("University of Buenos Aires", "Universidad de Buenos Aires", "AR", "Buenos Aires", "https://www.uba.ar"),
    ("University of Mendoza", "Universidad de Mendoza", "AR", "Mendoza", "https://www.um.edu.ar"),
    ("University of Ottawa", "Université d'Ottawa", "CA", "Ottawa", "https://www.uottawa.ca"),
    ("Université de Montréal", "", "CA", "Montréal", "https://www.umontreal.ca"),
    ("Albert Einstein College of Medicine", "", "US", "New York", "https://www.einsteinmed.edu"),
    ("University of South Florida", "", "US", "Tampa", "https://www.usf.edu"),
    ("Columbia University", "", "US", "New York", "https://www.columbia.edu"),
    ("University of Chicago", "", "US", "Chicago", "https://www.uchicago.edu"),
    ("University of Liverpool", "", "GB", "Liverpool", "https://www.liverpool.ac.uk"),
    ("University College Cork", "Coláiste na hOllscoile Corcaigh", "IE", "Cork", "https://www.ucc.ie"),
    (
        "University College Dublin",
        "An Coláiste Ollscoile, Baile Átha Cliath",
        "IE",
        "Dublin",
        "https://www.ucd.ie",
    ),
    (
        "Saint Joseph University of Beirut",
        "Université Saint-Joseph de Beyrouth",
        "LB",
        "Beirut",
        "https://www.usj.edu.lb",
    ),
]
CIRCLE_U = [  # the nine universities of the alliance
    ("Aarhus University", "DK", "Aarhus"),
    ("University of Belgrade", "RS", "Belgrade"),
    ("Humboldt-Universität zu Berlin", "DE", "Berlin"),
    ("King's College London", "GB", "London"),
    ("UCLouvain", "BE", "Brussels"),
    ("University of Milan", "IT", "Milan"),
    ("University of Oslo", "NO", "Oslo"),
    ("Université Paris Cité", "FR", "Paris"),
    ("University of Vienna", "AT", "Vienna"),
]
NETWORKS = [
    {
        "slug": "circle-u",
        "name": "Circle U.",
        "website": "https://www.circle-u.eu",
        "description": "Circle U. is a dynamic alliance of nine leading European universities, united by a shared "
        "commitment to build a European campus. Together, we foster innovation, collaboration, and knowledge exchange.",
        "school_role": "Founding partner. UPCité organises and coordinates the “Rethinking Global Health” summer "
        "school (every July since 2022, for PhD students and researchers of all disciplines), free of charge "
        "for the Alliance's member universities.",
    },
    {
        "slug": "ectsma",
        "name": "ECTS Medical Association",
        "website": "https://www.ectsma.org",
        "description": "Created 20 years ago, ECTS MA brings together 53 European medical faculties from 22 "
        "countries. Its main goals are to promote student mobility in medicine under the Erasmus programme and "
        "to internationalise medical training; members meet once a year to exchange best practices.",
        "school_role": "Member since April 2024.",
    },
    {
        "slug": "interunisante",
        "name": "Réseau InterUniSanté",
        "website": "",
        "description": "InterUniSanté brings together French actors involved in the internationalisation of "
        "health training at national level, to share expertise and good practices in response to the specific "
        "challenges and constraints of the French healthcare field.",
        "school_role": "Member.",
    },
]


def _institution(name, local_name, country, city, website="", erasmus_code=None, is_home=False):
    institution = Institution.objects.filter(name=name).first() or Institution(name=name)
    institution.local_name = local_name or institution.local_name
    institution.country, institution.city = country, city
    institution.website = website or institution.website
    institution.erasmus_code = erasmus_code or institution.erasmus_code
    institution.is_home = is_home
    institution.save()
    return institution


def _agreement(institution, kind, **fields):
    """The institution's agreement of that kind, as the brochure says (a re-run corrects it)."""
    agreement = Agreement.objects.filter(institution=institution, kind=kind).order_by("pk").first()
    if agreement is None:
        return Agreement.objects.create(institution=institution, kind=kind, is_signed=True, **fields)
    changed = [name for name, value in fields.items() if getattr(agreement, name) != value]
    if changed:
        for name in changed:
            setattr(agreement, name, fields[name])
        agreement.save(update_fields=changed)
    return agreement


def seed(stdout):
    home = _institution(*HOME, is_home=True)
    europe = [_institution(*row) for row in EUROPE_EXCHANGES]
    for i, institution in enumerate(europe):
        _agreement(
            institution,
            AgreementKind.ACADEMIC_EXCHANGE,
            valid_from_year=2022,
            valid_to_year=2028,
            outgoing_seats=(2, 3, 2, 4)[i % 4],
            incoming_seats=(2, 2, 3, 4)[i % 4],
            study_year_min=3,
            study_year_max=6,
            duration=Duration.SEMESTER_OR_YEAR,
            # The brochure names language tracks for clinical placements only.
            french_track=False,
            english_track=False,
        )
    utsw, nus = _institution(*UTSW), _institution(*NUS)
    _agreement(
        utsw,
        AgreementKind.BILATERAL_EXCHANGE,
        title="IMEP — International Medical Exchange Program",
        valid_from_year=2022,
        valid_to_year=2028,
        outgoing_seats=2,
        incoming_seats=2,
        study_year_min=4,
        study_year_max=6,
        duration=Duration.YEAR,
        french_track=False,
        english_track=False,
    )
    # Outside Europe, not Erasmus+: the brochure lists NUS with UT Southwestern, a bilateral exchange.
    if not Agreement.objects.filter(institution=nus, kind=AgreementKind.BILATERAL_EXCHANGE).exists():
        Agreement.objects.filter(institution=nus, kind=AgreementKind.ACADEMIC_EXCHANGE).update(
            kind=AgreementKind.BILATERAL_EXCHANGE
        )
    _agreement(
        nus,
        AgreementKind.BILATERAL_EXCHANGE,
        valid_from_year=2023,
        valid_to_year=2028,
        outgoing_seats=1,
        incoming_seats=1,
        study_year_min=3,
        study_year_max=6,
        duration=Duration.SEMESTER,
        french_track=False,
        english_track=False,
    )
    clinical = [_institution(*row) for row in CLINICAL]
    for institution in clinical:
        _agreement(
            institution,
            AgreementKind.CLINICAL_PLACEMENT,
            valid_from_year=2023,
            valid_to_year=2028,
            outgoing_seats=4,
            incoming_seats=4,
            study_year_min=4,
            study_year_max=6,
            duration=Duration.MONTHS_1_3,
            french_track=True,
            english_track=True,
        )
    aarhus = Institution.objects.get(name="Aarhus University")
    _agreement(
        aarhus,
        AgreementKind.SUMMER_PROGRAMME,
        title="Summer schools in Denmark (2 to 4 weeks)",
        valid_from_year=2024,
        valid_to_year=2028,
        outgoing_seats=4,
        incoming_seats=0,
        study_year_min=2,
        study_year_max=6,
        duration=Duration.WEEKS_2_4,
        french_track=False,
        english_track=True,
        notes="The brochure lists a short summer programme in Denmark without naming its host.",
    )
    # An agreement that ended: it stays on record, offers no seat and is not listed.
    _agreement(
        Institution.objects.get(name="The University of Manchester"),
        AgreementKind.CLINICAL_PLACEMENT,
        valid_from_year=2019,
        valid_to_year=2022,
        outgoing_seats=2,
        incoming_seats=2,
        study_year_min=4,
        study_year_max=6,
        duration=Duration.MONTHS_1_3,
        french_track=True,
        english_track=True,
    )
    for data in NETWORKS:
        slug = data["slug"]
        network = Network.objects.filter(slug=slug).first() or Network(slug=slug)
        for key, value in data.items():
            setattr(network, key, value)
        network.save()
        if slug == "circle-u":
            members = [
                Institution.objects.filter(name=name).first() or _institution(name, "", country, city)
                for name, country, city in CIRCLE_U
            ]
            network.members.add(*members)
        else:
            network.members.add(home)
    _identifiers()
    coordinator = User.objects.filter(email="coordinator@iro.example").first()
    if coordinator is not None:
        coordinator.coordinated_institutions.add(
            Institution.objects.get(name="Heidelberg University"),
            Institution.objects.get(name="University of Liverpool"),
        )
    partners = Institution.objects.partners().filter(agreements__isnull=False).distinct().count()
    stdout.write(
        f"Partners: {partners} partner institutions, {Agreement.objects.count()} agreements, "
        f"{Network.objects.count()} networks (coordinator@iro.example coordinates Heidelberg and Liverpool)\n"
    )


# Erasmus codes of the brochure's European partners (issue 18), with one space after the country
# part as the portal stores them. Codes from the institutions' Erasmus Charter listings as known to
# the demo's author; ASSUMED marks the codes that are guesses, to check before any real use. The
# partners left out (Charité, Medical University of Sofia, Francisco de Vitoria, Carol Davila) have
# no code in the demo rather than an invented one. SCHAC identifiers (EWP) are the institutions'
# main internet domains, taken from their websites.
ERASMUS_CODES = {
    "Université Paris Cité": ("F PARIS482", "u-paris.fr"),
    "Karolinska Institutet": ("S STOCKHO03", "ki.se"),
    "Heidelberg University": ("D HEIDELB01", "uni-heidelberg.de"),
    "Medical University of Innsbruck": ("A INNSBRU02", "i-med.ac.at"),  # ASSUMED
    "University of Antwerp": ("B ANTWERP01", "uantwerpen.be"),
    "Université libre de Bruxelles": ("B BRUXEL04", "ulb.be"),
    "KU Leuven": ("B LEUVEN01", "kuleuven.be"),
    "UCLouvain": ("B LOUVAIN01", "uclouvain.be"),
    "Aarhus University": ("DK ARHUS01", "au.dk"),
    "University of Cádiz": ("E CADIZ01", "uca.es"),
    "Complutense University of Madrid": ("E MADRID03", "ucm.es"),
    "National and Kapodistrian University of Athens": ("G ATHINE01", "uoa.gr"),
    "Semmelweis University": ("HU BUDAPES06", "semmelweis.hu"),  # ASSUMED
    "University College Dublin": ("IRL DUBLIN02", "ucd.ie"),
    "University of Florence": ("I FIRENZE01", "unifi.it"),
    "University of Pavia": ("I PAVIA01", "unipv.it"),
    "University of Pisa": ("I PISA01", "unipi.it"),
    "Università Cattolica del Sacro Cuore": ("I MILANO03", "unicatt.it"),
    "Sapienza University of Rome": ("I ROMA01", "uniroma1.it"),
    "Medical University of Warsaw": ("PL WARSZAW02", "wum.edu.pl"),
    "University of Lisbon": ("P LISBOA109", "ulisboa.pt"),
    "Charles University": ("CZ PRAHA07", "cuni.cz"),
    "Transilvania University of Brașov": ("RO BRASOV01", "unitbv.ro"),
    "The University of Manchester": ("UK MANCHES01", "manchester.ac.uk"),
    "University of Ljubljana": ("SI LJUBLJA01", "uni-lj.si"),
    "Maastricht University": ("NL MAASTRI01", "maastrichtuniversity.nl"),
}


def _identifiers():
    for name, (code, schac) in ERASMUS_CODES.items():
        institution = Institution.objects.filter(name=name).first()
        if institution is not None and not (institution.erasmus_code and institution.schac_id):
            institution.erasmus_code = institution.erasmus_code or code
            institution.schac_id = institution.schac_id or schac
            institution.save()
