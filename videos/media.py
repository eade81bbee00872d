"""ffmpeg and ffprobe (Debian's packages) and WebVTT: the media pipeline's tools, on local files.

Nothing here touches the database or the storage: services.py moves files in and out.
"""

import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Generous limits: a lesson is minutes long, but a slow machine must not be cut off mid-file.
PROBE_TIMEOUT = 60
TRANSCODE_TIMEOUT = 60 * 60
# Caption cues may end a little after the last frame (rounding, audio padding): this much.
END_TOLERANCE_SECONDS = 1.0
MAX_CAPTION_BYTES = 2 * 1024 * 1024
MAX_WIDTH = 1280


class MediaError(ValueError):
    """Input the pipeline refuses, with a message for whoever supplied it."""


@dataclass(frozen=True)
class Probe:
    duration: float
    width: int
    height: int
    has_audio: bool


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def require_tools() -> None:
    missing = [tool for tool in ("ffmpeg", "ffprobe") if not shutil.which(tool)]
    if missing:
        raise MediaError(
            f"{' and '.join(missing)} not found: install Debian's ffmpeg package "
            "(make media-deps does it)."
        )


def run(args: list[str], timeout: int) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(args, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as error:
        raise MediaError(f"{args[0]} took longer than {timeout} s and was stopped.") from error


def probe(path: Path) -> Probe:
    """Duration, resolution and audio of a video file; MediaError if it is not one."""
    require_tools()
    if path.stat().st_size == 0:
        raise MediaError("The video file is empty (0 bytes).")
    result = run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams"]
        + [str(path)],
        PROBE_TIMEOUT,
    )
    if result.returncode != 0:
        raise MediaError("This file is not a video ffmpeg can read.")
    info = json.loads(result.stdout or b"{}")
    streams = info.get("streams", [])
    # Still images probe as a one-frame "video" stream: require a real duration too.
    video = next(
        (s for s in streams if s.get("codec_type") == "video" and not is_still(s)),
        None,
    )
    duration = float(info.get("format", {}).get("duration") or 0)
    if video is None or duration <= 0:
        raise MediaError("This file has no video stream: upload a video (MP4, WebM, MOV, ...).")
    return Probe(
        duration=duration,
        width=int(video.get("width") or 0),
        height=int(video.get("height") or 0),
        has_audio=any(s.get("codec_type") == "audio" for s in streams),
    )


def is_still(stream: dict) -> bool:
    return stream.get("codec_name") in {"png", "mjpeg", "bmp", "gif", "webp"} and (
        stream.get("disposition", {}).get("attached_pic") or stream.get("nb_frames") in {"1", None}
    )


def transcode(source: Path, target: Path) -> None:
    """H.264/AAC MP4, at most 1280 wide, with the index at the front (fast start) so playback
    and seeking begin before the whole file has arrived."""
    require_tools()
    scale = f"scale='min({MAX_WIDTH},iw)':-2"  # even height, as H.264 requires
    result = run(
        ["ffmpeg", "-nostdin", "-y", "-v", "error", "-i", str(source)]
        + ["-map", "0:v:0", "-map", "0:a:0?", "-vf", scale]
        + ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-pix_fmt", "yuv420p"]
        + ["-c:a", "aac", "-b:a", "128k", "-ac", "2", "-movflags", "+faststart"]
        + ["-f", "mp4", str(target)],
        TRANSCODE_TIMEOUT,
    )
    if result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
        raise MediaError(f"ffmpeg could not transcode the video: {last_line(result.stderr)}")


def extract_poster(video: Path, target: Path, duration: float) -> None:
    """A JPEG frame from a second in (or the middle of a shorter clip)."""
    at = min(1.0, duration / 2)
    result = run(
        ["ffmpeg", "-nostdin", "-y", "-v", "error", "-ss", f"{at:.2f}", "-i", str(video)]
        + ["-frames:v", "1", "-q:v", "4", "-f", "image2", str(target)],
        PROBE_TIMEOUT,
    )
    if result.returncode != 0 or not target.exists():
        raise MediaError(f"ffmpeg could not extract a poster frame: {last_line(result.stderr)}")


def last_line(stderr: bytes) -> str:
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1][:300] if lines else "no details"


# --- WebVTT -------------------------------------------------------------------------------

TIMING = re.compile(
    r"^(?P<start>(?:\d+:)?\d{2}:\d{2}\.\d{3})\s+-->\s+(?P<end>(?:\d+:)?\d{2}:\d{2}\.\d{3})"
)
TAGS = re.compile(r"<[^>]*>")


def parse_timestamp(text: str) -> float:
    parts = text.split(":")
    seconds = float(parts[-1])
    minutes = int(parts[-2])
    hours = int(parts[-3]) if len(parts) == 3 else 0
    if minutes > 59 or seconds >= 60:
        raise MediaError(f"Bad WebVTT timestamp {text!r}.")
    return hours * 3600 + minutes * 60 + seconds


def parse_webvtt(data: bytes, *, what: str = "captions file") -> list[Cue]:
    """Cues of a WebVTT file, checked: the header, timings that go forward, some text."""
    if len(data) > MAX_CAPTION_BYTES:
        raise MediaError(f"The {what} is larger than {MAX_CAPTION_BYTES // 1024} KB.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MediaError(f"The {what} is not UTF-8 text, so it is not WebVTT.") from error
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise MediaError(f'The {what} is not WebVTT: it must begin with the line "WEBVTT".')
    cues: list[Cue] = []
    for block in "\n".join(lines[1:]).split("\n\n"):
        cue = parse_block(block.strip("\n"), what)
        if cue:
            cues.append(cue)
    if not cues:
        raise MediaError(f"The {what} has no cues.")
    return cues


def parse_block(block: str, what: str) -> Cue | None:
    rows = block.split("\n")
    if not block or rows[0].startswith(("NOTE", "STYLE", "REGION")):
        return None
    if "-->" not in rows[0]:
        rows = rows[1:]  # a cue identifier
    match = TIMING.match(rows[0]) if rows else None
    if not match:
        raise MediaError(f"The {what} has a cue without a valid timing line: {block[:60]!r}.")
    start, end = parse_timestamp(match["start"]), parse_timestamp(match["end"])
    if end <= start:
        raise MediaError(f"The {what} has a cue that ends before it starts ({match[0]}).")
    # Cue text may carry tags (<b>, <v Speaker>) and entities (&amp;): plain text is kept.
    body = html.unescape(" ".join(TAGS.sub("", row).strip() for row in rows[1:] if row.strip()))
    if not body:
        raise MediaError(f"The {what} has a cue with no text ({match[0]}).")
    return Cue(start=start, end=end, text=body)


def check_cues_fit(cues: list[Cue], duration: float, *, what: str = "captions file") -> None:
    late = next((cue for cue in cues if cue.end > duration + END_TOLERANCE_SECONDS), None)
    if late:
        raise MediaError(
            f"The {what} has a cue at {late.start:.1f}–{late.end:.1f} s, past the end of the "
            f"video ({duration:.1f} s)."
        )


def format_timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def vtt_text(text: str) -> str:
    """Cue text as WebVTT wants it: &, < and > as entities, no blank line inside a cue."""
    text = " ".join(text.split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_webvtt(cues: list[Cue]) -> str:
    blocks = [
        f"{index}\n{format_timestamp(c.start)} --> {format_timestamp(c.end)}\n{vtt_text(c.text)}"
        for index, c in enumerate(cues, start=1)
    ]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"
