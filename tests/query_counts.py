"""Query counts of a page at two data sizes (issue 19): a page whose queries grow with the rows fails here.

`queries_for(client, url)` is the number of SQL queries one GET makes (the request must answer 200).
Each test builds a few rows, counts, adds ten times as many, counts again, and asserts both counts
equal to the number its comment explains: a query per row (N+1) changes the second count, a new
query for the page changes both.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

SMALL, LARGE = 3, 30


def queries_for(client, url, **params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return len(context)


def at_two_sizes(client, url, grow, **params):
    """(queries at SMALL rows, queries at LARGE rows): `grow(n)` adds n rows behind the page."""
    grow(SMALL)
    small = queries_for(client, url, **params)
    grow(LARGE - SMALL)
    large = queries_for(client, url, **params)
    return small, large
