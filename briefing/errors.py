"""Every error Briefing raises on purpose, and the exit code each one means.

    BriefingError                  root; never escapes the CLI as a traceback
    ├── UsageError                 exit 2: bad arguments, nothing written
    │   └── AccountError           exit 2: account file missing or malformed (file, line, key)
    ├── OutputError                exit 3: a PDF/JSON/store could not be written; earlier files untouched
    │   └── StoreError             exit 3: the store cannot be opened, or another run held it too long
    ├── KeptEarlierBrief           exit 1: no source could be read, so the earlier brief was kept
    ├── RefreshFailed              exit 5: a refresh read no source; nothing written
    ├── NotConfigured              an adapter opts out of a target, with the reason shown (not an exit)
    └── FetchError                 one page could not be had; its source is marked, the brief goes on
        ├── FetchFailed            transient: timeouts, refused connections, 5xx after retries -> stale
        ├── FetchGone              404/410 or a page that says it was deleted -> gone
        └── FetchBlocked           robots.txt, 401/403, refused address or scheme, verification page -> blocked

Exit codes of `briefing build`: 0 built from fresh sources; 1 built, but some sources stale, blocked
or gone, an installed adapter cannot load, or a damaged store was moved aside (a new one started);
2 usage or account-file error; 3 output or store failure. `briefing refresh` adds 4:
nothing material changed (nothing written), and 5: no source could be read (nothing written).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_DEGRADED = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3
EXIT_UNCHANGED = 4  # refresh: nothing material changed; nothing written
EXIT_FAILED = 5  # refresh: no source could be read; nothing written


class BriefingError(Exception):
    """Root of every error Briefing raises on purpose."""

    exit_code = EXIT_USAGE


class UsageError(BriefingError):
    """The command line asks for something that cannot be done."""

    exit_code = EXIT_USAGE


class AccountError(UsageError):
    """An account file is missing or malformed; the message names the file, line and key."""

    def __init__(self, path: str, message: str, *, line: int | None = None, key: str | None = None):
        self.path = path
        self.line = line
        self.key = key
        where = path if line is None else f"{path}:{line}"
        what = f"{key}: {message}" if key else message
        super().__init__(f"{where}: {what}")


class OutputError(BriefingError):
    """A file we were asked to write could not be written; nothing earlier was harmed."""

    exit_code = EXIT_OUTPUT


class StoreError(OutputError):
    """The store (SQLite) cannot be opened, read or written; the message says what to do."""


class KeptEarlierBrief(BriefingError):
    """Every source failed (offline?): the brief already at the output path was left as it was."""

    exit_code = EXIT_DEGRADED


class RefreshFailed(BriefingError):
    """A refresh read no source at all (offline?): the brief and the store were left as they were."""

    exit_code = EXIT_FAILED


class NotConfigured(BriefingError):
    """An adapter cannot work on a target (no URL it understands, no credentials...)."""


class FetchError(BriefingError):
    """A page could not be fetched or read; `status` says how its source is marked."""

    status = "stale"

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class FetchFailed(FetchError):
    """A transient failure: it may work tomorrow."""

    status = "stale"


class FetchGone(FetchError):
    """The page no longer exists (404, 410, deleted)."""

    status = "gone"


class FetchBlocked(FetchError):
    """We may not, or were not let, read the page."""

    status = "blocked"
