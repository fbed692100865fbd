"""Where Briefing keeps what it writes, and how it writes it without ever leaving half a file.

Every file goes to a temporary file beside its destination and is renamed over it, so an earlier
brief survives a crash, a full disk or a kill in the middle. Default locations follow the
platform's conventions (platformdirs); BRIEFING_HOME overrides them all, for tests and portable use.

Every read-change-write of a file holds `locked(path)`: an OS lock (flock) on `.NAME.lock` beside
it, so two runs writing one file take turns and neither's change is lost.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import tempfile
import threading
import time
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import platformdirs

from briefing.errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

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
    targets, so a full disk or a bad path for one leaves every earlier file as it was. The targets
    are locked meanwhile (see `locked`; a caller that read one of them holds its lock already).
    """
    for path, _ in files:
        make_folder(path)
    with locked(*(path for path, _ in files)):
        _write_all_atomic(files)


def make_folder(path: Path) -> None:
    """The folder `path` is to be written in, made if missing (before its lock can be taken)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: could not be written ({exc.strerror or exc}); earlier files are untouched, "
                          "choose another place") from None


def _write_all_atomic(files: list[tuple[Path, bytes]]) -> None:
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
    """Write `data` over `path`, first keeping the original beside it as PATH.bak; both atomically,
    under the lock of `path` (which the caller, having read it to change it, should already hold)."""
    backup = path.with_name(path.name + ".bak")
    with locked(path):
        try:
            original = path.read_bytes()
        except OSError as exc:
            raise OutputError(f"{path}: could not be read ({exc.strerror or exc}); nothing was written") from None
        write_all_atomic([(backup, original)])
        write_all_atomic([(path, data)])
    return backup


# --- locks -----------------------------------------------------------------------------------------

LOCK_TIMEOUT = 30.0  # seconds a writer waits for another run to finish with a file; BRIEFING_LOCK_TIMEOUT overrides
_held = threading.local()  # this thread's locks: lock file -> [descriptor, depth], so that a holder may lock again


def lock_file(path: Path) -> Path:
    """Where the lock of `path` lives: `.NAME.lock` beside it (present only while someone holds it)."""
    if not path.name or path.name == "..":  # "", ".", "/": a folder, not a file to write
        raise OutputError(f"{str(path) or '(empty)'}: not a file name; give the file to write, e.g. brief.pdf")
    return path.with_name(f".{path.name}.lock")


def lock_timeout() -> float:
    try:
        seconds = float(os.environ.get("BRIEFING_LOCK_TIMEOUT", LOCK_TIMEOUT))
    except ValueError:
        return LOCK_TIMEOUT
    return seconds if seconds >= 0 else LOCK_TIMEOUT


@contextmanager
def locked(*paths: str | Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock of each file in `paths` for a read-change-write of it.

    The lock is an OS lock (flock) on `.NAME.lock` beside the file, not on the file itself (the
    file is replaced by a rename, a new inode each time). The kernel drops it when its holder
    exits, however it exits, so a lock file left behind never blocks anyone; the holder removes it
    before letting go, and a waiter that then wins a removed file's lock tries again on the new
    one. Reentrant within a thread. Waits up to `timeout` seconds (default 30, or
    BRIEFING_LOCK_TIMEOUT), then raises OutputError: another Briefing run is writing the file.
    A lock that cannot be created (read-only folder) is an OutputError too; nothing is written.
    """
    wait = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + wait
    # keyed by the lock's real folder and its own name (never resolved: a planted symlink is refused, not followed),
    # in one order for every caller, so that two runs locking the same files cannot deadlock
    targets = sorted({os.path.join(os.path.realpath(Path(p).parent), lock_file(Path(p)).name): Path(p) for p in paths}.items())
    held: dict[str, list[int]] = _held.__dict__.setdefault("locks", {})
    taken: list[str] = []
    try:
        for key, path in targets:
            if key in held:
                held[key][1] += 1
            else:
                held[key] = [_acquire(path, Path(key), deadline, wait), 1]
            taken.append(key)
        yield
    finally:
        for key in reversed(taken):
            entry = held[key]
            entry[1] -= 1
            if entry[1] == 0:
                del held[key]
                _release(Path(key), entry[0])


def _acquire(path: Path, lock: Path, deadline: float, wait: float) -> int:
    if fcntl is None:  # pragma: no cover - Windows
        raise OutputError(f"{path}: file locks need fcntl (Linux, macOS); nothing was written")
    pause, said = 0.005, False
    while True:
        fd = _open_lock(path, lock)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                        raise OutputError(f"{path}: could not lock it for writing ({exc.strerror or exc}, {lock.name}); "
                                          "nothing was written") from None
                left = deadline - time.monotonic()
                if left <= 0:
                    raise OutputError(f"{path}: another Briefing run is writing it (waited {wait:g} s for {lock.name}); "
                                      "nothing was written, try again when it has finished")
                if not said:
                    log.info("%s: waiting for another Briefing run to finish writing it", path)
                    said = True
                time.sleep(min(pause, left))
                pause = min(pause * 1.5, 0.1)
            if _still_there(fd, lock):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # its holder removed it as we waited: the lock is now the new file's


def _open_lock(path: Path, lock: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    if not lock.parent.is_dir():
        raise OutputError(f"{path}: there is no folder {lock.parent}; nothing was written")
    try:
        try:
            return os.open(lock, flags, 0o666)
        except PermissionError:
            if not lock.exists():
                raise
            return os.open(lock, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0))  # another user's
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and not os.path.lexists(lock):
            raise OutputError(f"{path}: the folder is read-only, so its lock {lock.name} cannot be created "
                              f"({exc.strerror or exc}); nothing was written") from None
        raise OutputError(f"{path}: could not lock it for writing ({exc.strerror or exc}, {lock.name}); "
                          "nothing was written") from None


def _still_there(fd: int, lock: Path) -> bool:
    """Whether `lock` still names the file whose lock `fd` won (its last holder may have removed it)."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(lock, follow_symlinks=False))
    except FileNotFoundError:
        return False


def _release(lock: Path, fd: int) -> None:
    """Remove the lock file while still holding it (a waiter on it will see that and retry), then let go."""
    try:
        if _still_there(fd, lock):
            os.unlink(lock)
    except OSError:
        pass  # a folder we may not change: the file stays, and holds no one back
    finally:
        os.close(fd)
