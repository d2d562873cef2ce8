"""Read or rewrite the database name of a DATABASE_URL, for the shell scripts of .ci/ (stdlib only).

python3 .ci/dburl.py name URL            -> iro_ci
python3 .ci/dburl.py with-name URL NAME  -> the same URL naming database NAME
"""

import re
import sys
from urllib.parse import unquote, urlsplit, urlunsplit

DEFAULT = "postgres://postgres@127.0.0.1:5432/iro_ci"


def name(url):
    db = unquote(urlsplit(url).path.lstrip("/"))
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,50}", db):
        # The name goes into DROP/CREATE DATABASE statements: only plain identifiers.
        sys.exit(f"dburl: DATABASE_URL must name a database made of letters, digits and _ (got {db!r})")
    return db


def with_name(url, new):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + new))


if __name__ == "__main__":
    command, url, *rest = sys.argv[1:]
    url = url or DEFAULT
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            f"dburl: CI runs on PostgreSQL; DATABASE_URL must be postgres://… (got {url.split(':')[0]}://…)"
        )
    if command == "name":
        print(name(url))
    elif command == "with-name":
        print(with_name(url, rest[0]))
    else:
        sys.exit(f"dburl: unknown command {command!r}")
