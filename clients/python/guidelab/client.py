"""A client for Guidelab's REST API and event stream (docs/api.md), on the standard library only."""

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Union

from . import events

DEFAULT_URL = "http://localhost:8080"
TERMINAL = frozenset({"COMPLETED", "FAILED", "CANCELLED"})

Spec = Union[Dict[str, Any], str, "os.PathLike[str]"]


class GuidelabError(Exception):
    """An answer other than 2xx: its status, the server's message and the fields it names."""

    def __init__(self, status: int, message: str, violations: List[Dict[str, str]]) -> None:
        self.status = status
        self.message = message
        self.violations = violations
        named = "; ".join(f"{v['field']}: {v['message']}" for v in violations)
        super().__init__(f"HTTP {status}: {message}" + (f" ({named})" if named else ""))


class Client:
    """Guidelab at ``url`` (default: ``GUIDELAB_URL``, else http://localhost:8080), with an API
    ``token`` sent as ``Authorization: Bearer`` (default: ``GUIDELAB_TOKEN``, if set)."""

    def __init__(
        self, url: Optional[str] = None, token: Optional[str] = None, timeout: float = 60.0
    ) -> None:
        self.url = (url or os.environ.get("GUIDELAB_URL") or DEFAULT_URL).rstrip("/")
        self.token = token if token is not None else os.environ.get("GUIDELAB_TOKEN")
        self.timeout = timeout

    def submit(self, spec: Spec) -> "Experiment":
        """Submits a spec (a dict, JSON text, or the path of a JSON file) and returns the experiment."""
        view = self.request("POST", "/api/experiments", _spec_body(spec))
        return Experiment(self, view)

    def validate(self, spec: Spec) -> Dict[str, Any]:
        """Checks a spec without storing it: the normalised spec, its hash, its points' labels and
        its ``cost`` (samples, network evaluations, an estimated time on the active workers)."""
        return self.request("POST", "/api/experiments/validate", _spec_body(spec))

    def queue(self) -> Dict[str, Any]:
        """The active workers with their running points, and the experiments waiting in the order
        they are served."""
        return self.request("GET", "/api/queue")

    def experiment(self, experiment_id: str) -> "Experiment":
        return Experiment(self, self.request("GET", f"/api/experiments/{_quote(experiment_id)}"))

    def history(self, limit: Optional[int] = None, **filters: str) -> Iterator[Dict[str, Any]]:
        """Experiments newest first, page by page; ``filters`` as the API names them: ``state``,
        ``kind``, ``owner``, ``q`` (part of the name), ``method``, ``model``."""
        page, seen = 0, 0
        while True:
            query = urllib.parse.urlencode({**filters, "page": page, "size": 200})
            answer = self.request("GET", f"/api/experiments?{query}")
            for item in answer["items"]:
                if limit is not None and seen >= limit:
                    return
                seen += 1
                yield item
            page += 1
            if page * answer["size"] >= answer["total"] or not answer["items"]:
                return

    def request(self, method: str, path: str, body: Optional[bytes] = None) -> Any:
        """One request; the answer's JSON, or GuidelabError for an answer other than 2xx."""
        with self.open(method, path, body) as response:
            return json.loads(response.read())

    def open(self, method: str, path: str, body: Optional[bytes] = None, headers=None):
        """The raw response of one request (the caller reads and closes it)."""
        request = urllib.request.Request(self.url + path, data=body, method=method)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as e:
            raise _error(e) from None


class Experiment:
    """One experiment: its latest view, its live events, its results."""

    def __init__(self, client: Client, view: Dict[str, Any]) -> None:
        self.client = client
        self.id: str = view["id"]
        self.view = view

    def __repr__(self) -> str:
        return f"Experiment({self.id!r}, {self.view.get('name')!r}, {self.view.get('state')})"

    @property
    def state(self) -> str:
        return self.refresh()["state"]

    def refresh(self) -> Dict[str, Any]:
        """Reads the experiment again: state, spec, pins, every point with its latest metrics."""
        self.view = self.client.request("GET", f"/api/experiments/{self.id}")
        return self.view

    def events(self) -> Iterator[events.Event]:
        """The experiment's events until it ends: a snapshot, then claimed, partial, completed,
        failed, cancelled and requeued as they happen. A dropped connection is resumed after the
        last event received (Last-Event-ID); the server sends a fresh snapshot if it cannot."""
        last_id: Optional[str] = None
        while True:
            headers = {"Accept": "text/event-stream"}
            if last_id:
                headers["Last-Event-ID"] = last_id
            ended = False
            try:
                with self.client.open("GET", f"/api/experiments/{self.id}/events", None, headers) as r:
                    for event in events.parse(r):
                        last_id = event.id or last_id
                        yield event
                        ended = _state_of(event) in TERMINAL
            except OSError:  # a dropped or idle connection (URLError and timeouts included)
                ended = False
            if ended or self.refresh()["state"] in TERMINAL:
                return

    def wait(self, progress: bool = False, out=None) -> Dict[str, Any]:
        """Follows the experiment until it ends and returns its final view; with ``progress``, a
        line on ``out`` (standard error by default) shows points and samples done."""
        out = out or sys.stderr
        done: Dict[str, int] = {}
        total = 0
        finished = 0
        for event in self.events():
            if event.name == "snapshot":
                points = event.data["points"]
                total = sum(p["samples"] for p in points)
                done = {p["id"]: p["samplesDone"] for p in points}
                finished = sum(1 for p in points if p["state"] in TERMINAL)
            elif event.name == "partial":
                done[event.data["pointId"]] = event.data["n"]
            elif event.name == "completed":
                done[event.data["pointId"]] = event.data["n"]
                finished += 1
            elif event.name in ("failed", "cancelled"):
                finished += 1
            if progress and total:
                _bar(out, finished, len(done), sum(done.values()), total, _state_of(event))
        if progress:
            out.write("\n")
        return self.refresh()

    def cancel(self) -> Dict[str, Any]:
        self.view = self.client.request("POST", f"/api/experiments/{self.id}/cancel")
        return self.view

    def rerun(self) -> "Experiment":
        """The same sweep again as a new experiment (same spec hash, the same numbers)."""
        return Experiment(self.client, self.client.request("POST", f"/api/experiments/{self.id}/rerun"))

    def metrics(self):
        """Every stored metric value, partial and final, with its point's parameters: a pandas
        DataFrame when pandas is installed, else a list of dicts (the rows of export.json)."""
        rows = self.client.request("GET", f"/api/experiments/{self.id}/export.json")["rows"]
        return _frame(rows)

    def results(self):
        """The final metric values of the completed points (rows with ``final`` true)."""
        rows = self.client.request("GET", f"/api/experiments/{self.id}/export.json")["rows"]
        return _frame([r for r in rows if r["final"]])

    def export_csv(self) -> str:
        with self.client.open("GET", f"/api/experiments/{self.id}/export.csv") as r:
            return r.read().decode("utf-8")


def _spec_body(spec: Spec) -> bytes:
    if isinstance(spec, dict):
        return json.dumps(spec).encode("utf-8")
    if isinstance(spec, str) and spec.lstrip().startswith("{"):
        return spec.encode("utf-8")
    return Path(spec).read_bytes()


def _quote(segment: str) -> str:
    return urllib.parse.quote(segment, safe="")


def _error(e: urllib.error.HTTPError) -> GuidelabError:
    text = e.read().decode("utf-8", "replace")
    try:
        body = json.loads(text)
        return GuidelabError(e.code, body.get("error", text), body.get("violations") or [])
    except (ValueError, AttributeError):
        return GuidelabError(e.code, text.strip() or e.reason, [])


def _state_of(event: events.Event) -> Optional[str]:
    return event.data.get("state") if event.name == "snapshot" else event.data.get("experimentState")


def _frame(rows: List[Dict[str, Any]]):
    try:
        import pandas  # optional: plain records without it
    except ImportError:
        return rows
    return pandas.DataFrame(rows)


def _bar(out, finished: int, points: int, done: int, total: int, state: Optional[str]) -> None:
    width = 30
    filled = int(width * done / total)
    out.write(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {finished}/{points} points, "
        f"{done:,}/{total:,} samples, {state or ''}   "
    )
    out.flush()
