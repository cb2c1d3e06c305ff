-- What a step establishes beyond its date: the Bibob conclusion (degree of danger and its ground)
-- of an own investigation, the national bureau's advice or the notice to the Bibob register, and
-- the amount (in euro cents) of a penalty forfeited or collected or of costs recovered.
ALTER TABLE maatregel_stappen ADD COLUMN gevaar TEXT;
ALTER TABLE maatregel_stappen ADD COLUMN bibob_grond TEXT;
ALTER TABLE maatregel_stappen ADD COLUMN bedrag_cent INTEGER CHECK (bedrag_cent > 0);
