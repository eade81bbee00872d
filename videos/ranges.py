"""Byte-range responses for stored media (RFC 9110 §14), so seeking works with no proxy in front.

One range per request (what browsers ask of <video>); a request for several gets the whole file,
which the RFC allows. A range that can't be satisfied (or is malformed) gets 416 with the size.
"""

import logging
import re

from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseBase, StreamingHttpResponse

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024
SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class BadRange(ValueError):
    pass


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) inclusive, None for "send everything", BadRange when unsatisfiable."""
    header = header.strip().replace(" ", "")
    if not header.startswith("bytes=") or "," in header:
        return None  # another unit, or several ranges: ignored, the whole file is sent
    match = SINGLE_RANGE.match(header)
    if not match or match.groups() == ("", ""):
        raise BadRange(header)
    first, last = match.groups()
    if first == "":  # the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise BadRange(header)
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        raise BadRange(header)
    return start, end


def stream(name: str, start: int, length: int):
    with default_storage.open(name, "rb") as handle:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            chunk = handle.read(min(CHUNK, remaining))
            if not chunk:
                return
            remaining -= len(chunk)
            yield chunk


def ranged_file_response(request, name: str, content_type: str) -> HttpResponseBase:
    try:
        size = default_storage.size(name)
    except (FileNotFoundError, OSError) as error:
        # The row names a file the storage lost (a restore, a wiped volume): log it, 404.
        logger.error("Lesson media %s is missing from the storage: %s", name, error)
        raise Http404("No such file.") from error
    try:
        wanted = parse_range(request.headers.get("Range", ""), size)
    except BadRange:
        response: HttpResponseBase = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    start, end = wanted if wanted else (0, size - 1)
    length = max(0, end - start + 1)
    body = stream(name, start, length) if request.method != "HEAD" else iter(())
    response = StreamingHttpResponse(body, content_type=content_type, status=206 if wanted else 200)
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return response
