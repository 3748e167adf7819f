-- Issue 15: a per-organisation version of everything routing reads, bumped in the same transaction as every write
-- that changes it, whoever writes (the API, the CLI, a migration, psql). Routing keeps each organisation's
-- configuration in memory tagged with the version it was read at and compares it with the current version on every
-- call, so a lost cache invalidation can never leave a stale configuration in use.
ALTER TABLE organizations
    ADD COLUMN routing_version    bigint      NOT NULL DEFAULT 1,
    -- clock_timestamp() of the last bump: instances re-publish versions changed since their last sync.
    ADD COLUMN routing_changed_at timestamptz NOT NULL DEFAULT now();

CREATE INDEX organizations_routing_changed_at ON organizations (routing_changed_at);

-- A write to a table routing reads: the owning organisation's version goes up.
CREATE FUNCTION opbx_routing_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE organizations
       SET routing_version = routing_version + 1, routing_changed_at = clock_timestamp()
     WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.organization_id ELSE NEW.organization_id END;
    RETURN NULL;
END;
$$;

-- The organisation's own routing fields (status, timezone, settings, deletion) bump it too.
CREATE FUNCTION opbx_organization_routing_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.routing_version = OLD.routing_version
       AND (NEW.status, NEW.timezone, NEW.settings, NEW.deleted_at)
           IS DISTINCT FROM (OLD.status, OLD.timezone, OLD.settings, OLD.deleted_at) THEN
        NEW.routing_version := OLD.routing_version + 1;
        NEW.routing_changed_at := clock_timestamp();
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER organizations_routing_changed BEFORE UPDATE ON organizations
    FOR EACH ROW EXECUTE FUNCTION opbx_organization_routing_changed();

-- Extensions and settings: only the columns routing reads (Cloudonix sync bookkeeping does not count).
CREATE TRIGGER extensions_routing_changed
    AFTER INSERT OR DELETE OR UPDATE OF extension_number, type, status, configuration, service_url, service_token,
        service_params, deleted_at ON extensions
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
CREATE TRIGGER cloudonix_settings_routing_changed
    AFTER INSERT OR DELETE OR UPDATE OF domain_uuid, domain_name, domain_requests_api_key_hash, webhook_secret,
        accept_unauthenticated_cdr, webhook_base_url ON cloudonix_settings
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();

CREATE TRIGGER conference_rooms_routing_changed AFTER INSERT OR UPDATE OR DELETE ON conference_rooms
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
CREATE TRIGGER ring_groups_routing_changed AFTER INSERT OR UPDATE OR DELETE ON ring_groups
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
CREATE TRIGGER ring_group_members_routing_changed AFTER INSERT OR UPDATE OR DELETE ON ring_group_members
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
CREATE TRIGGER ivr_menus_routing_changed AFTER INSERT OR UPDATE OR DELETE ON ivr_menus
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
CREATE TRIGGER ivr_menu_options_routing_changed AFTER INSERT OR UPDATE OR DELETE ON ivr_menu_options
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
CREATE TRIGGER business_hours_schedules_routing_changed AFTER INSERT OR UPDATE OR DELETE ON business_hours_schedules
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
CREATE TRIGGER business_hours_schedule_days_routing_changed
    AFTER INSERT OR UPDATE OR DELETE ON business_hours_schedule_days
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
CREATE TRIGGER business_hours_time_ranges_routing_changed AFTER INSERT OR UPDATE OR DELETE ON business_hours_time_ranges
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
CREATE TRIGGER business_hours_exceptions_routing_changed AFTER INSERT OR UPDATE OR DELETE ON business_hours_exceptions
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
CREATE TRIGGER business_hours_exception_time_ranges_routing_changed
    AFTER INSERT OR UPDATE OR DELETE ON business_hours_exception_time_ranges
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
CREATE TRIGGER did_numbers_routing_changed AFTER INSERT OR UPDATE OR DELETE ON did_numbers
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
CREATE TRIGGER outbound_whitelists_routing_changed AFTER INSERT OR UPDATE OR DELETE ON outbound_whitelists
    FOR EACH ROW EXECUTE FUNCTION opbx_routing_changed();
