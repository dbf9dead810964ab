"""Damage a PDF engine repairs without a word: compressed streams (page contents, fonts, object
streams) that do not decompress to their end, and pages whose contents point at nothing. PDFium draws
what it could decode and drops the rest, so a page may lose text with no error; this finds such damage
in the file's bytes, so the reading can say so."""

from __future__ import annotations

import base64
import re
import zlib
from pathlib import Path

from planparse.model import PlanWarning

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_FLATE_ALONE = re.compile(rb"/Filter\s*(?:/FlateDecode|\[\s*/FlateDecode\s*\])")
_ASCII85_FLATE = re.compile(rb"/Filter\s*\[\s*/ASCII85Decode\s*/FlateDecode\s*\]")
_OBJECT = re.compile(rb"(?<![\d.])(\d+)\s+\d+\s+obj\b")
_CONTENTS = re.compile(rb"/Contents\s*(?:(\d+)\s+\d+\s+R|\[([^\]]*)\]|(null))")
_REFERENCE = re.compile(rb"(\d+)\s+\d+\s+R")
# How far before a stream its dictionary ("<< /Filter /FlateDecode /Length … >>") may start.
DICTIONARY_REACH = 400
# Output read from one stream at a time, and in all, while checking (a bomb is not decompressed whole).
CHUNK = 1 << 20
OUTPUT_MAX = 64 << 20
TOTAL_MAX = 512 << 20


def _decodes(data: bytes) -> tuple[bool, int]:
    """Whether zlib data decompresses without error to its end (its output read and dropped), and how
    much it gave."""
    decoder = zlib.decompressobj()
    produced = 0
    try:
        chunk = decoder.decompress(data, CHUNK)
        produced += len(chunk)
        while decoder.unconsumed_tail and chunk and produced < OUTPUT_MAX:
            chunk = decoder.decompress(decoder.unconsumed_tail, CHUNK)
            produced += len(chunk)
    except zlib.error:
        return False, produced
    return decoder.eof or produced >= OUTPUT_MAX, produced


def damaged_streams(data: bytes) -> int:
    """How many Flate-compressed streams of the file (page contents, fonts, object streams; pictures
    are left out) do not decompress to their end; checked until TOTAL_MAX of output."""
    damaged = total = 0
    if b"/Encrypt" in data:
        return 0  # encrypted streams are not zlib data until decrypted: not checked
    for match in _STREAM.finditer(data):
        start = match.end()
        head = data[max(0, match.start() - DICTIONARY_REACH):match.start()]
        opened = head.rfind(b"<<")
        dictionary = head[opened:] if opened >= 0 else b""
        ascii85 = bool(_ASCII85_FLATE.search(dictionary))
        if not (ascii85 or _FLATE_ALONE.search(dictionary)) or b"/Image" in dictionary:
            continue  # not compressed by zlib alone or after ASCII85, or a picture: left alone
        end = data.find(b"endstream", start)
        if end < 0:
            damaged += 1
            continue
        stream = data[start:end]
        if ascii85:
            try:
                stream = base64.a85decode(stream.strip().removesuffix(b"~>"), ignorechars=b" \t\r\n\x0b\x0c")
            except ValueError:
                damaged += 1
                continue
        whole, produced = _decodes(stream)
        damaged += not whole
        total += produced
        if total >= TOTAL_MAX:
            break
    return damaged


def missing_contents(data: bytes) -> int:
    """How many pages' contents point at nothing: an object the file does not hold, or null (the page
    is read empty). Not told where objects are packed into object streams (they hide their numbers)."""
    if b"/ObjStm" in data:
        return 0
    defined = {int(number) for number in _OBJECT.findall(data)}
    missing = 0
    for single, listed, null in _CONTENTS.findall(data):
        references = [int(single)] if single else [int(n) for n in _REFERENCE.findall(listed)] if listed else []
        missing += bool(null) or any(reference not in defined for reference in references)
    return missing


def damage_warnings(path: Path) -> list[PlanWarning]:
    """A warning where compressed streams of the PDF are damaged, and where pages' contents are missing."""
    data = path.read_bytes()
    warnings: list[PlanWarning] = []
    count = damaged_streams(data)
    if count:
        warnings.append(PlanWarning(code="pdf-damaged-streams", message=(
            f"{count} compressed part{'s' if count > 1 else ''} of the PDF (page text, fonts or objects) "
            f"{'are' if count > 1 else 'is'} damaged and could only be read in part: text may be missing "
            "from the plan; compare it with the document, or export the PDF again")))
    pages = missing_contents(data)
    if pages:
        warnings.append(PlanWarning(code="pdf-missing-contents", message=(
            f"{pages} page{'s' if pages > 1 else ''} of the PDF point{'' if pages > 1 else 's'} at contents the "
            "file does not hold, and read empty: text may be missing from the plan; export the PDF again")))
    return warnings
