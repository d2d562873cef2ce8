"""Mobility's back office, one module per concept; importing the package registers every admin.

- calls: calls with their documents and criteria;
- applications: review, decisions (transition actions), places, recommendations
  (inlines, filters and the export beside it);
- nominations, records (acceptance letters, mobility records), plans (IMEP clerkship plans).
"""

from . import applications, calls, nominations, recommendations, records  # noqa: F401  (register the admins)
