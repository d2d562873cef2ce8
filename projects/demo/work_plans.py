"""What the office follows per project (demo): funding, work packages, deliverables with their due
dates and status, and the reports owed to the national agency, in English and French.

Every figure, title and date here is a demo assumption: the brochure gives none (see the package's
docstring). The dates are absolute, chosen around November 2026 so that the demo shows work done,
a late deliverable, and a deliverable and reports coming up that staff are reminded of.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.demo import add_french
from partners.models import Institution

from .. import services
from ..models import DeliverableStatus, Project, ReportKind

PARIS = ZoneInfo("Europe/Paris")
UPCITE = "Université Paris Cité"
CHARITE = "Charité – Universitätsmedizin Berlin"
SAPIENZA = "Sapienza University of Rome"
SEMMELWEIS = "Semmelweis University"
CHARLES = "Charles University"
WARSAW = "Medical University of Warsaw"
LEUVEN = "KU Leuven"
LISBON = "University of Lisbon"
SOFIA = "Medical University of Sofia"
COMPLUTENSE = "Complutense University of Madrid"
ATHENS = "National and Kapodistrian University of Athens"


def _day(text):
    return datetime.date.fromisoformat(text)


def _instant(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=PARIS)


def _wp(number, title, lead, starts, ends):
    return {"number": number, "title": title, "lead": lead, "starts_on": _day(starts), "ends_on": _day(ends)}


def _deliverable(
    code, number, title, due, delivered=None, *, status=None, public=False, link="", description=""
):
    """`delivered`: the day it was delivered (else `status`, planned by default)."""
    return {
        "code": code,
        "wp": number,
        "title": title,
        "due_on": _day(due),
        "status": DeliverableStatus.DELIVERED if delivered else status or DeliverableStatus.PLANNED,
        "delivered_on": _day(delivered) if delivered else None,
        "public": public,
        "link": link,
        "description": description,
    }


def _report(kind, deadline, submitted=None):
    return {
        "kind": kind,
        "deadline": _instant(deadline),
        "submitted_at": _instant(submitted) if submitted else None,
    }


IDEAL_SITE = "https://ideal.u-paris.fr"
PROGRESS = DeliverableStatus.IN_PROGRESS

# Every figure and date below is a demo assumption (see the module's docstring).
WORK_PLANS = {
    "IDEAL": {
        "funding": (Decimal("298000"), Decimal("31500")),
        "work_packages": [
            _wp(1, "Project management and quality", UPCITE, "2016-09-01", "2019-08-31"),
            _wp(2, "Common curriculum in infectious diseases", CHARITE, "2016-09-01", "2018-06-30"),
            _wp(3, "Interactive teaching methods", SAPIENZA, "2017-01-01", "2019-06-30"),
            _wp(4, "Dissemination", SEMMELWEIS, "2016-09-01", "2019-08-31"),
        ],
        "deliverables": [
            _deliverable("D1.1", 1, "Quality assurance plan", "2017-01-31", "2017-01-20"),
            _deliverable(
                "D2.1",
                2,
                "Common curriculum in infectious diseases",
                "2018-06-30",
                "2018-06-25",
                public=True,
                link=IDEAL_SITE,
                description="The learning outcomes in infectious diseases shared by the partner medical schools.",
            ),
            _deliverable("D3.1", 3, "Case-based teaching modules", "2019-06-30", "2019-06-28", public=True),
        ],
        "reports": [
            _report(ReportKind.INTERIM, "2018-03-31 23:59", "2018-03-26 11:00"),
            _report(ReportKind.FINAL, "2019-10-31 23:59", "2019-10-24 16:30"),
        ],
    },
    "IDEAL+": {
        "funding": (Decimal("367000"), Decimal("38000")),
        "work_packages": [
            _wp(1, "Project management and quality", UPCITE, "2019-09-01", "2022-08-31"),
            _wp(2, "Curriculum update and extension", LEUVEN, "2019-09-01", "2021-06-30"),
            _wp(3, "Online and blended teaching", LISBON, "2020-03-01", "2022-06-30"),
            _wp(4, "Dissemination", CHARLES, "2019-09-01", "2022-08-31"),
        ],
        "deliverables": [
            _deliverable("D1.1", 1, "Quality assurance plan", "2019-12-31", "2019-12-18"),
            _deliverable("D2.1", 2, "Updated common curriculum", "2021-06-30", "2021-07-09", public=True),
            _deliverable(
                "D3.1",
                3,
                "Blended-learning course in infectious diseases",
                "2022-06-30",
                "2022-06-30",
                public=True,
                link=IDEAL_SITE,
            ),
        ],
        "reports": [
            _report(ReportKind.INTERIM, "2021-03-31 23:59", "2021-03-29 10:00"),
            _report(ReportKind.FINAL, "2022-10-31 23:59", "2022-10-27 15:00"),
        ],
    },
    "IDEALiTER": {
        "funding": (Decimal("400000"), Decimal("45000")),
        "work_packages": [
            _wp(1, "Project management and quality", UPCITE, "2022-09-01", "2025-08-31"),
            _wp(2, "International teaching collaboration", SEMMELWEIS, "2022-09-01", "2025-06-30"),
            _wp(3, "Simulation and case-based learning", SOFIA, "2023-01-01", "2025-06-30"),
            _wp(4, "Train the Trainers", COMPLUTENSE, "2023-01-01", "2025-06-30"),
            _wp(5, "Dissemination and exploitation", ATHENS, "2022-09-01", "2025-08-31"),
        ],
        "deliverables": [
            _deliverable("D1.1", 1, "Project handbook", "2022-12-31", "2022-12-15"),
            _deliverable(
                "D2.1",
                2,
                "Shared teaching calendar of the 12 partner universities",
                "2023-06-30",
                "2023-06-30",
                public=True,
            ),
            _deliverable(
                "D3.1",
                3,
                "Library of interactive clinical cases",
                "2024-06-30",
                "2024-07-12",
                public=True,
                link=IDEAL_SITE,
                description="Clinical cases in infectious diseases for case-based learning, in English.",
            ),
            _deliverable("D4.1", 4, "Train the Trainers toolkit", "2024-12-31", "2024-12-20", public=True),
            _deliverable("D5.1", 5, "Sustainability plan", "2025-08-31", "2025-08-29"),
        ],
        "reports": [
            _report(ReportKind.INTERIM, "2024-03-31 23:59", "2024-03-28 15:00"),
            _report(ReportKind.FINAL, "2025-10-30 23:59", "2025-10-21 12:00"),
        ],
    },
    "IDEAL4PREPAREDNESS": {
        "funding": (Decimal("400000"), Decimal("60000")),
        "work_packages": [
            _wp(1, "Project management and quality", UPCITE, "2025-09-01", "2028-08-31"),
            _wp(2, "Preparedness curriculum", CHARITE, "2025-09-01", "2027-08-31"),
            _wp(3, "Outbreak simulations", SAPIENZA, "2026-01-01", "2028-06-30"),
            _wp(4, "Train the Trainers", SEMMELWEIS, "2025-09-01", "2028-06-30"),
            _wp(5, "Dissemination and sustainability", WARSAW, "2025-09-01", "2028-08-31"),
        ],
        "deliverables": [
            _deliverable("D1.1", 1, "Quality and risk management plan", "2025-12-31", "2025-12-19"),
            _deliverable("D5.1", 5, "Dissemination and sustainability plan", "2026-03-31", "2026-03-27"),
            _deliverable(
                "D4.1",
                4,
                "Train the Trainers seminar 2026: teaching toolkit",
                "2026-05-31",
                "2026-05-22",
                public=True,
                link=IDEAL_SITE,
                description="Slides, case sheets and facilitation guides of the yearly seminar, free to reuse.",
            ),
            _deliverable(
                "D2.1",
                2,
                "Preparedness curriculum in infectious diseases",
                "2026-06-30",
                "2026-07-03",
                public=True,
            ),
            _deliverable(  # late: in progress after its due date
                "D2.2", 2, "Clinical cases on emerging infections", "2026-10-31", status=PROGRESS, public=True
            ),
            _deliverable("D5.2", 5, "Project website updated with the first results", "2026-12-10"),
            _deliverable(
                "D3.1",
                3,
                "Outbreak simulation scenarios",
                "2027-01-31",
                status=PROGRESS,
                public=True,
                description="Real-life simulations of an outbreak, from the first case to the crisis unit.",
            ),
        ],
        "reports": [
            _report(ReportKind.PROGRESS, "2026-12-18 12:00"),
            _report(ReportKind.INTERIM, "2027-04-30 23:59"),
        ],
    },
    "PHEMED": {
        "funding": (Decimal("250000"), Decimal("27500")),
        "work_packages": [
            _wp(1, "Project management and quality", UPCITE, "2023-09-01", "2027-08-31"),
            _wp(
                2,
                "Planetary health course",
                CHARITE,
                "2023-09-01",
                "2025-08-31",
            ),
            _wp(3, "Training and summer schools", "Aarhus University", "2024-01-01", "2027-07-31"),
            _wp(4, "Digital platform", "University of Nicosia", "2025-01-01", "2027-08-31"),
        ],
        "deliverables": [
            _deliverable("D1.1", 1, "Quality assurance plan", "2024-01-31", "2024-01-25"),
            _deliverable(
                "D2.1",
                2,
                "Planetary health course syllabus",
                "2024-09-30",
                "2024-09-16",
                public=True,
                link="https://poem-set.u-paris.fr",
                description="The link between human health and ecosystems, for medical students and teachers.",
            ),
            _deliverable(
                "D3.1",
                3,
                "Online learning module with the European partners",
                "2027-03-31",
                status=PROGRESS,
                public=True,
            ),
            _deliverable(
                "D4.1",
                4,
                "Digital platform for future leaders in planetary health",
                "2027-06-30",
                public=True,
            ),
        ],
        "reports": [
            _report(ReportKind.INTERIM, "2025-03-31 23:59", "2025-03-24 17:00"),
            _report(ReportKind.PROGRESS, "2027-02-26 23:59"),
        ],
    },
}

FRENCH = {
    "Project management and quality": "Gestion et qualité du projet",
    "Common curriculum in infectious diseases": "Programme commun en maladies infectieuses",
    "Interactive teaching methods": "Méthodes pédagogiques interactives",
    "Dissemination": "Diffusion",
    "Curriculum update and extension": "Mise à jour et extension du programme",
    "Online and blended teaching": "Enseignement en ligne et hybride",
    "International teaching collaboration": "Collaboration pédagogique internationale",
    "Simulation and case-based learning": "Simulation et apprentissage par cas cliniques",
    "Train the Trainers": "Former les formateurs",
    "Dissemination and exploitation": "Diffusion et valorisation",
    "Preparedness curriculum": "Programme de préparation",
    "Outbreak simulations": "Simulations d’épidémie",
    "Dissemination and sustainability": "Diffusion et pérennisation",
    "Planetary health course": "Enseignement de santé planétaire",
    "Training and summer schools": "Formations et écoles d’été",
    "Digital platform": "Plateforme numérique",
    "Quality assurance plan": "Plan d’assurance qualité",
    "The learning outcomes in infectious diseases shared by the partner medical schools.": "Les acquis d’apprentissage en maladies infectieuses partagés par les facultés de médecine partenaires.",
    "Case-based teaching modules": "Modules d’enseignement par cas cliniques",
    "Updated common curriculum": "Programme commun mis à jour",
    "Blended-learning course in infectious diseases": "Cours hybride en maladies infectieuses",
    "Project handbook": "Manuel du projet",
    "Shared teaching calendar of the 12 partner universities": "Calendrier d’enseignement commun des 12 universités partenaires",
    "Library of interactive clinical cases": "Bibliothèque de cas cliniques interactifs",
    "Clinical cases in infectious diseases for case-based learning, in English.": "Des cas cliniques en maladies infectieuses pour l’apprentissage par cas, en anglais.",
    "Train the Trainers toolkit": "Boîte à outils « Train the Trainers »",
    "Sustainability plan": "Plan de pérennisation",
    "Quality and risk management plan": "Plan de gestion de la qualité et des risques",
    "Dissemination and sustainability plan": "Plan de diffusion et de pérennisation",
    "Train the Trainers seminar 2026: teaching toolkit": "Séminaire « Train the Trainers » 2026 : boîte à outils pédagogique",
    "Slides, case sheets and facilitation guides of the yearly seminar, free to reuse.": "Diaporamas, fiches de cas et guides d’animation du séminaire annuel, librement réutilisables.",
    "Preparedness curriculum in infectious diseases": "Programme de préparation en maladies infectieuses",
    "Clinical cases on emerging infections": "Cas cliniques sur les infections émergentes",
    "Project website updated with the first results": "Site du projet mis à jour avec les premiers résultats",
    "Outbreak simulation scenarios": "Scénarios de simulation d’épidémie",
    "Real-life simulations of an outbreak, from the first case to the crisis unit.": "Des simulations en conditions réelles d’une épidémie, du premier cas à la cellule de crise.",
    "Planetary health course syllabus": "Programme de l’enseignement de santé planétaire",
    "The link between human health and ecosystems, for medical students and teachers.": "Le lien entre santé humaine et écosystèmes, pour les étudiants en médecine et leurs enseignants.",
    "Online learning module with the European partners": "Module d’apprentissage en ligne avec les partenaires européens",
    "Digital platform for future leaders in planetary health": "Plateforme numérique pour les futurs leaders de la santé planétaire",
}


def _work_plan(project, plan):
    """The project's funding, work packages, deliverables and reports, in English and French."""
    eu_grant, co_financing = plan["funding"]
    services.save_project(project.acronym, eu_grant=eu_grant, co_financing=co_financing)
    packages = {}
    for fields in plan["work_packages"]:
        fields = dict(fields)
        number = fields.pop("number")
        lead = Institution.objects.get(name=fields.pop("lead"))
        packages[number] = services.save_work_package(project, number, lead=lead, **fields)
        add_french(packages[number], FRENCH)
    for fields in plan["deliverables"]:
        fields = dict(fields)
        add_french(
            services.save_deliverable(
                project, fields.pop("code"), work_package=packages[fields.pop("wp")], **fields
            ),
            FRENCH,
        )
    for fields in plan["reports"]:
        fields = dict(fields)
        services.save_report(project, fields.pop("kind"), **fields)


def seed_work_plans():
    for project in Project.objects.filter(acronym__in=WORK_PLANS):
        _work_plan(project, WORK_PLANS[project.acronym])
