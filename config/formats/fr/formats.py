# One way to write a date across the admin, the same as the pages' (core/templatetags/paris_time.py):
# "1 November 2026" / "1 novembre 2026", times on the 24-hour clock. Input formats stay Django's.
# Short months the French way, "29 nov. 2026" (Django's "M" gives "Nov", capitalised like English).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
