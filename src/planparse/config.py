"""A user's own words for plans: a vocabulary file and a role alias file, both TOML."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planparse.errors import UsageError
from planparse.profile import Profile
from planparse.vocabulary import DEFAULT_VOCABULARY, Vocabulary

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


# A words file or a profile: a few kilobytes; anything near this is not one.
TOML_MAX_BYTES = 1024 * 1024


def _load(path: Path) -> dict[str, Any]:
    try:
        size = path.stat().st_size
        if size > TOML_MAX_BYTES:
            raise UsageError(f"{path}: {size:,} bytes is more than the {TOML_MAX_BYTES:,} such a file may have; "
                             "it is not a words file or a profile")
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except OSError as error:
        raise UsageError(f"{path}: cannot be read ({error.strerror})") from error
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML ({' '.join(str(error).split())})") from error
    except RecursionError as error:  # tables nested thousands deep
        raise UsageError(f"{path}: nested too deep to be a words file or a profile") from error
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: not UTF-8 text ({error.reason})") from error


def _strings(path: Path, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UsageError(f"{path}: '{key}' must be a list of strings")
    return value


def load_vocabulary(path: Path, base: Vocabulary = DEFAULT_VOCABULARY) -> Vocabulary:
    """More words for the vocabulary, e.g. `measure_headers = ["Handling"]`, `planned_marks = ["ja"]`.

    Keys are the names of the vocabulary's word sets; an `[aliases]` table may stand in the same file.
    """
    data = _load(path)
    aliases = data.pop("aliases", {})
    data = data.get("vocabulary", data)
    if not isinstance(data, dict):
        raise UsageError(f"{path}: 'vocabulary' must be a table of word sets, e.g. measure_headers = [\"Gjøremål\"]")
    unknown = sorted(set(data) - set(base.set_names))
    if unknown:
        raise UsageError(f"{path}: unknown key {unknown[0]!r}; known: {', '.join(base.set_names)}")
    extended = base.extended(**{key: frozenset(_strings(path, key, value)) for key, value in data.items()})
    return with_aliases(path, extended, aliases) if aliases else extended


def load_aliases(path: Path, base: Vocabulary = DEFAULT_VOCABULARY) -> Vocabulary:
    """Role aliases: `"FoU-leder" = ["Fou-leder", "Forskningsleder"]` (top level or under `[aliases]`)."""
    data = _load(path)
    return with_aliases(path, base, data.get("aliases", data))


def with_aliases(path: Path, base: Vocabulary, table: Any) -> Vocabulary:
    if not isinstance(table, dict):
        raise UsageError(f"{path}: aliases must be a table of role = [variants]")
    return base.with_aliases({role: _strings(path, role, variants) for role, variants in table.items()})


def load_profile(path: Path) -> Profile:
    """A reading profile (see `planparse.profile`); one line naming the first fault where it is wrong."""
    data = _load(path)
    try:
        return Profile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the profile"
        raise UsageError(f"{path}: {where}: {first['msg']} (planparse schema --profile shows what a profile "
                         "holds)") from error
