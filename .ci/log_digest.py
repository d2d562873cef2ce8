"""The errors of the production stage's logs in a few lines: what failed, where, with which exception.

    python3 .ci/log_digest.py gunicorn.log worker.log beat.log

For each traceback: the line that introduced it (gunicorn's "Error handling request GET /path",
Django's "Internal Server Error: /path", Celery's "Task … raised …"), the last frame of the
project's own code and the exception; identical ones are counted once.
"""

import re
import sys
from collections import Counter
from pathlib import Path

PROJECT_FRAME = re.compile(r'File "([^"]+)", line (\d+), in (\S+)')
EXCEPTION = re.compile(r"^\s*([A-Za-z_][\w.]*(?:Error|Exception|Refused|Exit|Interrupt|Fault)\w*)(:.*)?$")
CONTEXT = re.compile(r"Error handling request|Internal Server Error|raised|ERROR|CRITICAL")


def digest(path):
    lines = Path(path).read_text(errors="replace").splitlines()
    found = Counter()
    context = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if CONTEXT.search(line) and "Traceback" not in line:
            context = re.sub(r"^\[[^\]]*\]\s*(\[[^\]]*\]\s*)*", "", line).strip()[:200]
        if "Traceback (most recent call last)" in line:
            frame, exception = "", ""
            j = i + 1
            while j < len(lines):
                text = lines[j]
                match = PROJECT_FRAME.search(text)
                if match and "site-packages" not in match.group(1) and "/lib/python" not in match.group(1):
                    frame = f"{match.group(1)}:{match.group(2)} in {match.group(3)}"
                found_exc = EXCEPTION.match(text)
                if found_exc and not text.startswith(" "):
                    exception = text.strip()
                    break
                j += 1
            found[(context, frame, exception[:300])] += 1
            i = j
        i += 1
    return found


def main():
    for path in sys.argv[1:]:
        if not Path(path).exists():
            continue
        for (context, frame, exception), count in digest(path).items():
            times = f" (x{count})" if count > 1 else ""
            print(f"{Path(path).name}{times}: {context or '(no context line)'}")
            print(f"    at {frame or '(no frame of the project)'}")
            print(f"    {exception or '(exception line not found)'}")


if __name__ == "__main__":
    main()
