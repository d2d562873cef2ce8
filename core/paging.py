"""Paging a list whose rows carry counts: count and page the bare rows, then count for that page only.

Annotating counts (partners of a project, seats of a school) before paging makes the database
compute them for every row of the table on each request, for the pager's count and for the page
(issue 19: /projects/ took 1.6 s at 100,000 projects). `annotated_page` pages the plain queryset
(an index-ordered read of one page) and runs the annotated query on that page's ids only: three
queries whatever the number of rows.
"""

from django.core.paginator import Paginator


def annotated_page(queryset, number, *, per_page, annotate):
    """The page `number` of `queryset`, its rows replaced by `annotate(queryset of those rows)`, in
    the same order. `annotate` takes a queryset and returns it with the page's extras."""
    page = Paginator(queryset, per_page).get_page(number)
    ids = list(page.object_list.values_list("pk", flat=True))
    rows = (
        {row.pk: row for row in annotate(queryset.model._default_manager.filter(pk__in=ids))} if ids else {}
    )
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page
