"""Where Briefing keeps what it writes, and how it writes it without ever leaving half a file.

Every file goes to a temporary file beside its destination and is renamed over it, so an earlier
brief survives a crash, a full disk or a kill in the middle. Default locations follow the
platform's conventions (platformdirs); BRIEFING_HOME overrides them all, for tests and portable use.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

import platformdirs

from .errors import OutputError

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME_BYTES = 200  # leaves room for a suffix and extension under the usual 255-byte limit


def data_dir() -> Path:
    home = os.environ.get("BRIEFING_HOME")
    return Path(home) if home else Path(platformdirs.user_data_dir("briefing", appauthor=False))


def briefs_dir() -> Path:
    return data_dir() / "briefs"


def safe_name(name: str) -> str:
    """A file name made from a company name: no separators, no '..', no control characters, ≤ 200 bytes.

    When cleaning changed the name, a short hash of the original keeps two different companies
    from landing on the same file.
    """
    cleaned = unicodedata.normalize("NFC", name)
    cleaned = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]+", "_", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ._")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    if cleaned.split(".")[0].upper() in _WINDOWS_RESERVED:
        cleaned = f"_{cleaned}"
    encoded = cleaned.encode("utf-8")[:MAX_NAME_BYTES]
    cleaned = encoded.decode("utf-8", "ignore").rstrip(" .") or "brief"
    if cleaned != name:
        cleaned += "-" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return cleaned


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` all at once: a temporary file beside it, then a rename."""
    write_all_atomic([(Path(path), data)])
    return Path(path)


def write_all_atomic(files: list[tuple[Path, bytes]]) -> None:
    """Write several files so that either all are replaced or none is.

    Every temporary file is written and synced first; only then are they renamed over their
    targets, so a full disk or a bad path for one leaves every earlier file as it was.
    """
    written: list[tuple[str, Path]] = []
    current = Path()
    try:
        for current, _ in files:
            if current.is_dir():  # found now, before anything is replaced
                raise IsADirectoryError(21, "is a folder, not a file")
        for current, data in files:
            written.append((_write_temporary(current, data), current))
        for tmp, current in written:
            os.replace(tmp, current)
    except BaseException as exc:  # OSError, or the run stopped: the temporaries go, the targets stay
        for tmp, _ in written:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if not isinstance(exc, OSError):
            raise
        raise OutputError(
            f"{current}: could not be written ({exc.strerror or exc}); earlier files are untouched, choose another place"
        ) from None


def _write_temporary(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            # mkstemp makes the file private (0600); a brief is an ordinary file (0666 less umask).
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(out.fileno(), 0o666 & ~umask)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:  # a full disk, or the run stopped (Ctrl-C, SIGTERM): no temporary left behind
        os.unlink(tmp)
        raise
    return tmp


def replace_keeping_backup(path: Path, data: bytes) -> Path:
    """Write `data` over `path`, first keeping the original beside it as PATH.bak; both atomically."""
    backup = path.with_name(path.name + ".bak")
    try:
        original = path.read_bytes()
    except OSError as exc:
        raise OutputError(f"{path}: could not be read ({exc.strerror or exc}); nothing was written") from None
    write_all_atomic([(backup, original)])
    write_all_atomic([(path, data)])
    return backup
