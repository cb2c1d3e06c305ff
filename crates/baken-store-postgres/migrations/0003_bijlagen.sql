-- Attachments: metadata here, the encrypted bytes in the file store. The per-file key is stored only
-- wrapped by the master key (kept outside the database); deleting it makes the file unreadable.

CREATE TABLE bijlagen (
    id UUID PRIMARY KEY,
    dossier_id UUID NOT NULL REFERENCES dossiers (id),
    bestandsnaam TEXT NOT NULL,
    mediatype TEXT NOT NULL,
    grootte BIGINT NOT NULL,
    sha256 BYTEA NOT NULL,
    sleutel BYTEA,
    sleutel_id TEXT NOT NULL,
    nonce_prefix BYTEA NOT NULL,
    vertrouwelijkheid TEXT NOT NULL,
    aangemaakt_op TIMESTAMPTZ NOT NULL,
    aangemaakt_door UUID NOT NULL
);
CREATE INDEX bijlagen_dossier ON bijlagen (dossier_id);
