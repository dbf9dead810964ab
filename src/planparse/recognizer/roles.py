"""Splitting a responsible cell into roles: one per line or separator, a wrapped role kept whole."""

from __future__ import annotations

import re
from collections.abc import Sequence

from planparse.layout import Paragraph
from planparse.recognizer.text import join_wrapped
from planparse.recognizer.vocabulary import DEFAULT_VOCABULARY, Vocabulary

_SEPARATORS = re.compile(r"[;,](?![^()]*\))")
_BULLET = re.compile(r"^[•·\-–—*▪◦]\s+")


def _continues(previous: str, line: str, vocabulary: Vocabulary) -> bool:
    """Whether `line` goes on with the role that `previous` started (a wrapped role).

    Roles are names and start with a capital; a line that starts in lower case, or follows a
    line ending in a word like "for" or a hyphen, is the rest of the role above.
    """
    if not previous or previous.endswith((",", ";")):
        return False
    first = line.lstrip()[:1]
    if first.isalpha() and first.islower():
        return True
    last_word = previous.rsplit(maxsplit=1)[-1].lower()
    return last_word in vocabulary.continuation_words


def split_roles(paragraphs: Sequence[Paragraph], vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> list[str]:
    """The roles in a responsible cell, in order, each once."""
    chunks: list[str] = []
    for paragraph in paragraphs:
        for line in paragraph.line_texts():
            line = _BULLET.sub("", line.strip())
            if not line:
                continue
            if chunks and _continues(chunks[-1], line, vocabulary):
                chunks[-1] = join_wrapped(chunks[-1], line, vocabulary)
            else:
                chunks.append(line)
    roles: list[str] = []
    for chunk in chunks:
        for part in _SEPARATORS.split(chunk):
            role = " ".join(part.split()).strip(" .")
            if role and role not in roles:
                roles.append(role)
    return roles
