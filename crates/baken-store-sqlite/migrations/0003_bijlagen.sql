-- Attachments: metadata here, the encrypted bytes in the file store. The per-file key is stored only
-- wrapped by the master key (kept outside the database); deleting it makes the file unreadable.

CREATE TABLE bijlagen (
    id BLOB PRIMARY KEY,
    dossier_id BLOB NOT NULL REFERENCES dossiers (id),
    bestandsnaam TEXT NOT NULL,
    mediatype TEXT NOT NULL,
    grootte INTEGER NOT NULL,
    sha256 BLOB NOT NULL,
    sleutel BLOB,
    sleutel_id TEXT NOT NULL,
    nonce_prefix BLOB NOT NULL,
    vertrouwelijkheid TEXT NOT NULL,
    aangemaakt_op TEXT NOT NULL,
    aangemaakt_door BLOB NOT NULL
) STRICT;
CREATE INDEX bijlagen_dossier ON bijlagen (dossier_id);
