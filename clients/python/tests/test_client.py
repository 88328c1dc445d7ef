"""The client and the command line against a running Guidelab (GUIDELAB_URL), as a user runs them.

The build runs these from PythonClientFlowTest against the app it starts; by hand:
GUIDELAB_URL=http://localhost:8080 python3 -m unittest discover -s clients/python/tests -t clients/python
"""

import contextlib
import csv
import io
import json
import os
import tempfile
import unittest
import uuid

from guidelab import Client, GuidelabError
from guidelab.cli import main

# Two batches or more (1000 samples each, 500 under test), so there are partial values.
SAMPLES = 2000
# These tests check the client, not the numbers: 8 sampler steps cost a quarter of the default 32.
STEPS = 8


def sweep(name: str, samples: int = SAMPLES) -> dict:
    return {
        "name": f"{name} {uuid.uuid4()}",
        "main": "toy-oracle:A",
        "sweep": [{"method": "none"}, {"method": "cfg", "guide": "toy-oracle:AB", "weights": [2]}],
        "sampler": {"steps": STEPS},
        "samples": samples,
        "metrics": ["log_likelihood", "branches_hit"],
        "seed": 5,
    }


@unittest.skipUnless(os.environ.get("GUIDELAB_URL"), "needs a running Guidelab at GUIDELAB_URL")
class ClientTest(unittest.TestCase):
    def setUp(self):
        self.client = Client()

    def test_a_submitted_sweep_is_followed_to_its_end_and_its_results_read(self):
        experiment = self.client.submit(sweep("python client"))
        progress = io.StringIO()
        final = experiment.wait(progress=True, out=progress)
        self.assertEqual("COMPLETED", final["state"])
        self.assertIn(f"2/2 points, {2 * SAMPLES:,}/{2 * SAMPLES:,} samples", progress.getvalue())

        results = experiment.results()
        self.assertEqual(2 * 2, len(results), "one final value per point and metric")
        latest = {p["id"]: p["metrics"] for p in final["points"]}
        for row in results:
            self.assertEqual(SAMPLES, row["n"])
            self.assertEqual(latest[row["pointId"]][row["metric"]], row["value"])
        every = experiment.metrics()
        self.assertGreater(len(every), len(results), "partial values too")
        self.assertTrue(all(r["n"] < SAMPLES for r in every if not r["final"]))

    def test_a_rerun_has_the_same_hash_and_the_same_numbers(self):
        first = self.client.submit(sweep("rerun"))
        first.wait()
        again = first.rerun()
        self.assertNotEqual(first.id, again.id)
        self.assertEqual("COMPLETED", again.wait()["state"])
        self.assertEqual(first.view["specHash"], again.view["specHash"])
        key = lambda r: (r["label"], r["metric"])  # noqa: E731
        self.assertEqual(
            {key(r): r["value"] for r in first.results()},
            {key(r): r["value"] for r in again.results()},
        )

    def test_a_bad_spec_is_refused_by_field(self):
        spec = sweep("bad")
        spec["samples"] = -3
        with self.assertRaises(GuidelabError) as refused:
            self.client.validate(spec)
        self.assertEqual(400, refused.exception.status)
        self.assertIn("samples", [v["field"] for v in refused.exception.violations])

    def test_an_unknown_experiment_is_a_404(self):
        with self.assertRaises(GuidelabError) as missing:
            self.client.experiment(str(uuid.uuid4()))
        self.assertEqual(404, missing.exception.status)

    def test_a_token_from_the_environment_makes_its_user_the_owner(self):
        # The test app runs with accounts off on localhost: this client acts as the admin.
        name = f"py-{uuid.uuid4().hex[:8]}"
        body = json.dumps({"name": name, "role": "member"}).encode()
        token = self.client.request("POST", "/api/users", body)["token"]
        os.environ["GUIDELAB_TOKEN"] = token
        try:
            member = Client()
            self.assertEqual(name, member.request("GET", "/api/me")["name"])
            self.assertEqual(name, member.submit(sweep("owned", samples=10)).refresh()["owner"])
        finally:
            del os.environ["GUIDELAB_TOKEN"]
        with self.assertRaises(GuidelabError) as refused:
            Client(token="glt_not-a-token").request("GET", "/api/me")
        self.assertEqual(401, refused.exception.status)

    def test_cancel_ends_a_running_sweep(self):
        experiment = self.client.submit(sweep("cancel", samples=500_000))
        self.assertEqual("CANCELLED", experiment.cancel()["state"])
        self.assertEqual("CANCELLED", experiment.wait()["state"])

    def test_the_command_line_submits_follows_lists_and_exports(self):
        spec = sweep("command line")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "spec.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(spec, f)
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                self.assertEqual(0, main(["submit", path, "--follow"]))
            experiment_id, state = out.getvalue().split()
            self.assertEqual("COMPLETED", state)

            checked = io.StringIO()
            with contextlib.redirect_stdout(checked):
                self.assertEqual(0, main(["check", path]))
            self.assertIn("points, spec hash", checked.getvalue())
            self.assertIn("network evaluations", checked.getvalue())

            queued = io.StringIO()
            with contextlib.redirect_stdout(queued):
                self.assertEqual(0, main(["queue"]))
            self.assertIn("worker ", queued.getvalue())

            listed = io.StringIO()
            with contextlib.redirect_stdout(listed):
                self.assertEqual(0, main(["ls", "--q", spec["name"]]))
            self.assertIn(experiment_id, listed.getvalue())

            exported = os.path.join(tmp, "out.csv")
            self.assertEqual(0, main(["export", experiment_id, "-o", exported]))
            with open(exported, encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            self.assertEqual({"log_likelihood", "branches_hit"}, {r["metric"] for r in rows})
            self.assertEqual(4, sum(r["final"] == "true" for r in rows))

            with contextlib.redirect_stderr(io.StringIO()) as err:
                self.assertEqual(2, main(["show", str(uuid.uuid4())]))
                self.assertEqual(2, main(["submit", os.path.join(tmp, "missing.json")]))
                self.assertEqual(2, main(["--url", "http://localhost:1", "ls"]))
            said = err.getvalue()
            self.assertIn("HTTP 404", said)
            self.assertIn("No such file or directory", said)
            self.assertIn("cannot reach http://localhost:1", said)


if __name__ == "__main__":
    unittest.main()
