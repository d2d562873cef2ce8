"""Pages of a public list whose cost does not grow with the table (issue 19).

Django's paginator counts every row of the list to print "Page 1 of N": at 100,000 rows that
count was most of /projects/ and /summer-schools/. Here the count stops a few pages past the
one asked for (`PAGES_AHEAD`): one bounded query; when more rows remain, the pager says
"Page 1 of more than 11". A list that already knows its size (the directory keeps its counts)
passes `count=` and is not counted at all. Reading the page itself is an index-ordered read of its
rows (each list has the index of its ordering).

- `page_of(rows, number, *, per_page, count=None)`: the page `number` (the raw GET value: nonsense
  is page 1, past the end is the last page) of a queryset, or of any object sliced as
  `rows[start:stop]` when `count` is given;
- `annotated_page(queryset, number, *, per_page, annotate)`: the same, its rows then replaced by
  `annotate(queryset of those rows)`: counts per row (partners of a project, seats of a school)
  computed for the page only, not for the whole table.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

PAGES_AHEAD = 10


def _number(value):
    text = str(value or "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else 1


class BoundedPaginator(Paginator):
    """A paginator that counts no further than `ahead` pages past page `asked`; `more` says it
    stopped before the end (the last page is then unknown: `num_pages` is the last one counted)."""

    def __init__(self, object_list, per_page, *, asked=1, count=None, ahead=PAGES_AHEAD):
        super().__init__(object_list, per_page)
        self.more = False
        self.bound = (asked + ahead) * per_page
        if count is not None:
            self.__dict__["count"] = count

    @cached_property
    def count(self):
        # Any rows will do for counting: no ORDER BY, and the database stops after bound + 1.
        counted = self.object_list.order_by()[: self.bound + 1].count()
        self.more = counted > self.bound
        return min(counted, self.bound)


def page_of(rows, number, *, per_page, count=None):
    asked = _number(number)
    return BoundedPaginator(rows, per_page, asked=asked, count=count).get_page(asked)


def annotated_page(queryset, number, *, per_page, annotate):
    """The page `number` of `queryset`, its rows replaced by `annotate(queryset of those rows)`, in
    the same order. `annotate` takes a queryset and returns it with the page's extras."""
    page = page_of(queryset, number, per_page=per_page)
    ids = list(page.object_list.values_list("pk", flat=True))
    rows = (
        {row.pk: row for row in annotate(queryset.model._default_manager.filter(pk__in=ids))} if ids else {}
    )
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page
