from django.conf import settings


def portal(request):
    return {
        "SITE_NAME": "IRO Portal",
        "SCHOOL_NAME": "UPCité Medical School",
        "CONTACT_MOBILITY": "mobilite.international.medecine@u-paris.fr",
        "CONTACT_SUMMER": "summerschool.medicine@u-paris.fr",
        "CONTACT_PROJECTS": "projets.international.medecine@u-paris.fr",
        "DEBUG": settings.DEBUG,
    }
