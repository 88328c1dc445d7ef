"""Server-sent events as Guidelab's experiment stream sends them (docs/api.md, "The event stream")."""

import json
from typing import IO, Iterator, NamedTuple, Optional


class Event(NamedTuple):
    """One event: its name (snapshot, claimed, partial, …), id and decoded JSON data."""

    name: str
    id: Optional[str]
    data: dict


def parse(lines: IO[bytes]) -> Iterator[Event]:
    """The events of an SSE byte stream, in order; comment lines and unknown fields are ignored."""
    name, event_id, data = "message", None, []
    for raw in lines:
        line = raw.decode("utf-8").rstrip("\r\n")
        if not line:
            if data:
                yield Event(name, event_id, json.loads("\n".join(data)))
            name, data = "message", []
            continue
        if line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)
        elif field == "id":
            event_id = value
