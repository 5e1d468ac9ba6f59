"""Which local services the suite can use. `check` prints what is skipped; `postgres` and `redis` exit 0 when usable.

With CI=true a missing service is a failure, never a silent skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def main(argv: list[str]) -> int:
    what = argv[1] if len(argv) > 1 else "check"
    postgres = reachable("127.0.0.1", 5432)
    redis = reachable("127.0.0.1", 6379)
    chromium = shutil.which("chromium") is not None
    libreoffice = shutil.which("soffice") is not None
    poppler = all(shutil.which(tool) for tool in ("pdffonts", "pdftoppm", "pdftotext"))
    if what in ("postgres", "redis"):
        usable = postgres if what == "postgres" else redis
        address = "PostgreSQL at 127.0.0.1:5432" if what == "postgres" else "Redis at 127.0.0.1:6379"
        if not usable and in_ci():
            print(f"CI=true but {address} is unreachable", file=sys.stderr)
            return 2
        return 0 if usable else 1
    missing = []
    if not postgres:
        missing.append("PostgreSQL (127.0.0.1:5432): the PostgreSQL pass of the suite")
    if not redis:
        missing.append("Redis (127.0.0.1:6379): the Redis backend of the task tests (tests/tasks/)")
    if not chromium:
        missing.append("Chromium (apt-get install chromium): the browser journey tests")
    if not libreoffice:
        missing.append("LibreOffice (apt-get install libreoffice-calc-nogui): the workbook print tests")
    if not poppler:
        missing.append("poppler-utils (apt-get install poppler-utils): the PDF font and rendering tests")
    for item in missing:
        print(f"skipped: {item}")
    if missing and in_ci():
        print("CI=true: these services are required", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
