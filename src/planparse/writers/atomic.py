"""Writing a file so that a failed run never leaves half of it behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from planparse.errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` that replaces it only when the block succeeds."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
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
