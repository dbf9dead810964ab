"""Writing a file so that a failed run never leaves half of it behind."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from planparse.errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: leave its file alone
    return True


def remove_stale_parts(target: Path) -> None:
    """Temporary files a killed run left beside `target` (their writer is gone) removed."""
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        pid = part.name[len(target.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                part.unlink()


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` that replaces it only when the block succeeds. Its name holds
    the writer's process id, so that one left by a killed run is found and removed by the next."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(target)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".part",
                                             dir=target.parent)
        os.close(handle)
        os.chmod(temporary, 0o666 & ~_umask())  # as a plain open() would make it, not mkstemp's 0600
    except OSError as error:
        raise OutputError(f"{target}: cannot write here ({error.strerror}); choose another folder with -o") from error
    temp_path = Path(temporary)
    try:
        yield temp_path
        os.replace(temp_path, target)
    except OSError as error:
        raise OutputError(f"{target}: cannot write ({error.strerror}); choose another folder with -o") from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp_path.unlink()
