-- Workers advertise their device (docs/api.md, GET /api/queue): the device a point's worker
-- computes on, as it resolved guidelab.worker.device ("cpu", "cuda:0"), recorded with the worker's
-- name when it claims the point. NULL for points claimed before it was recorded and for points
-- that reused another's results.
ALTER TABLE point ADD COLUMN device text;
