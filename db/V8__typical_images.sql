-- The most and least typical generated images of an image point by realism against the reference's
-- feature vectors, among the samples the k-NN metrics keep (V4's sample_preview does this for the
-- toy's 2-D samples).
CREATE TABLE typical_images (
    point_id   uuid PRIMARY KEY REFERENCES point (id) ON DELETE CASCADE,
    n          int         NOT NULL,  -- samples scored
    images     jsonb       NOT NULL,  -- {"most": [{sample, realism, png}], "least": [...]}, png base64
    created_at timestamptz NOT NULL DEFAULT now()
);
