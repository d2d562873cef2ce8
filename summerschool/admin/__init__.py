"""Back office: summer schools, registrations (bulk attendance and completion), payments, certificates;
one module per concept, importing the package registers every admin.

Every action calls a service; the admin only collects who, what and which rows.

- offerings: the base every kind of offering's admin shares (`OfferingAdminBase`), summer schools;
- registrations: registrations with their payments and history, bulk attendance and completion;
- waivers: waiver codes, generated and exported;
- payments: payments, bank statements and their lines, invoices and credit notes;
- certificates: certificates and certificate runs (progress page);
- filters: the offering list filter the others share.
"""

from . import certificates, payments, registrations, waivers  # noqa: F401  (register the admins)
from .filters import RECENT_OFFERINGS_LISTED, offering_filter
from .offerings import OfferingAdminBase, SummerSchoolAdmin

__all__ = ["RECENT_OFFERINGS_LISTED", "OfferingAdminBase", "SummerSchoolAdmin", "offering_filter"]
