"""A run's events log read back: whole (`read_events`), or followed while another process appends (`EventTail`).

Each line is parsed by the one reader of the protocol, `so8t.events.parse_event`; this module only finds
the whole lines, so a line torn by a kill or still being written is never read half.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from so8t.errors import So8tError
from so8t.events import Event, parse_event
from so8t.fileio import open_plain


def read_events(path: str | os.PathLike[str]) -> list[Event]:
    """Every complete event in an events log; a torn last line (a kill mid-write) is skipped."""
    tail = EventTail(path, max_bytes=None)
    events = tail.read()
    events.extend(tail.read_rest())
    return events


#: At most this much of a followed log is read per `EventTail.read` (the rest on the next calls).
TAIL_MAX_BYTES = 4 * 1024 * 1024


class EventTail:
    """The new complete events of a log that another process appends to, each returned once.

    Only whole lines are taken: a line still being written (torn mid-way, even inside a
    multi-byte character) stays unread until its newline arrives, then is read whole. A log that
    was replaced by a shorter file is read again from its start.
    """

    def __init__(self, path: str | os.PathLike[str], *, max_bytes: int | None = TAIL_MAX_BYTES) -> None:
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.offset = 0

    def skip_to_end(self) -> None:
        """Start following from the log's current end (events already there are not returned)."""
        try:
            self.offset = self.path.stat().st_size
        except OSError:
            self.offset = 0

    def _chunk(self) -> bytes:
        try:
            with open_plain(self.path, "rb", what="event log", follow_links=False) as f:
                f.seek(0, os.SEEK_END)
                if f.tell() < self.offset:
                    self.offset = 0  # truncated or replaced: start over
                f.seek(self.offset)
                return f.read() if self.max_bytes is None else f.read(self.max_bytes)
        except (OSError, So8tError):  # missing, unreadable, or a link or special file: no events to show
            return b""

    def read(self) -> list[Event]:
        """The events on the lines completed since the last call."""
        data = self._chunk()
        end = data.rfind(b"\n")
        if end < 0:
            return []
        self.offset += end + 1
        return list(_events_in(data[: end + 1]))

    def read_rest(self) -> list[Event]:
        """The last line if it lacks its newline but is a whole event (a writer that never ended it)."""
        data = self._chunk()
        if b"\n" in data:
            return []
        event = parse_event(data)
        if event is not None:
            self.offset += len(data)
            return [event]
        return []


def _events_in(data: bytes) -> Iterator[Event]:
    for line in data.splitlines():
        event = parse_event(line)
        if event is not None:
            yield event
