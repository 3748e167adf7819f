-- Conference PINs and host PINs are secrets (issue 14): the application stores them sealed with AES-GCM
-- ('v1:' + base64), so the digits-only checks give way to one that accepts the sealed form. Digits stay accepted
-- for rows written before the upgrade; the application seals those when it starts.
ALTER TABLE conference_rooms DROP CONSTRAINT conference_rooms_pin_check;
ALTER TABLE conference_rooms DROP CONSTRAINT conference_rooms_host_pin_check;
ALTER TABLE conference_rooms ADD CONSTRAINT conference_rooms_pin_check
    CHECK (pin ~ '^v1:[A-Za-z0-9+/=]+$' OR pin ~ '^[0-9]{4,20}$');
ALTER TABLE conference_rooms ADD CONSTRAINT conference_rooms_host_pin_check
    CHECK (host_pin ~ '^v1:[A-Za-z0-9+/=]+$' OR host_pin ~ '^[0-9]{4,20}$');
