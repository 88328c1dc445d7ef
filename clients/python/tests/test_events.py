"""The SSE parser, on streams written out by hand."""

import io
import unittest

from guidelab import events


class ParseTest(unittest.TestCase):
    def test_events_with_names_ids_and_json_data(self):
        stream = io.BytesIO(
            b"event: snapshot\nid: ab-3\ndata: {\"state\": \"RUNNING\"}\n\n"
            b": a comment\n"
            b"event:partial\r\nid:ab-4\r\ndata:{\"n\": 500,\r\ndata: \"pointId\": \"p\"}\r\n\r\n"
        )
        parsed = list(events.parse(stream))
        self.assertEqual(
            [("snapshot", "ab-3", {"state": "RUNNING"}), ("partial", "ab-4", {"n": 500, "pointId": "p"})],
            [tuple(e) for e in parsed],
        )

    def test_an_event_cut_off_before_its_blank_line_is_not_emitted(self):
        stream = io.BytesIO(b"event: completed\ndata: {\"n\": 1}\n\nevent: failed\ndata: {")
        self.assertEqual(["completed"], [e.name for e in events.parse(stream)])

    def test_an_id_carries_over_to_events_without_one(self):
        stream = io.BytesIO(b"id: x-1\ndata: {}\n\ndata: {}\n\n")
        self.assertEqual(["x-1", "x-1"], [e.id for e in events.parse(stream)])


if __name__ == "__main__":
    unittest.main()
