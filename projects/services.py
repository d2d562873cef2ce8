"""Every write of the projects app: a project, its partners and sessions, and what the public site shows.

- `save_project(acronym, **fields)`, `set_partner(project, institution, *, role)`,
  `save_session(project, title, **fields)`: create or update by their natural keys, so running
  them twice (the demo data, a re-import) keeps one row each.
- `set_published(projects, *, published)`: show or hide projects on the public pages (admin
  actions); returns how many changed.
"""

from .models import Project, ProjectPartner, TrainingSession


def save_project(acronym, **fields):
    project, _created = Project.objects.update_or_create(acronym=acronym, defaults=fields)
    return project


def set_partner(project, institution, *, role):
    partnership, _created = ProjectPartner.objects.update_or_create(
        project=project, institution=institution, defaults={"role": role}
    )
    return partnership


def save_session(project, title, **fields):
    session, _created = TrainingSession.objects.update_or_create(
        project=project, title=title, defaults=fields
    )
    return session


def set_published(projects, *, published):
    return (
        Project.objects.filter(pk__in=[p.pk for p in projects])
        .exclude(is_published=published)
        .update(is_published=published)
    )
