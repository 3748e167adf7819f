package opbx.db;

import static opbx.db.gen.Tables.CALL_DETAIL_RECORDS;
import static opbx.db.gen.Tables.EXTENSIONS;
import static opbx.db.gen.Tables.RING_GROUPS;
import static opbx.db.gen.Tables.RING_GROUP_MEMBERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import opbx.db.gen.DefaultSchema;
import opbx.support.Fixtures;
import opbx.support.TestApp;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.junit.jupiter.api.Test;

/** The schema's own guarantees (control-plane spec §4): tenancy, composite keys, uniqueness, enumerations. */
class SchemaTest {

    private final DSLContext dsl = TestApp.shared().dsl();
    private final Fixtures fixtures = new Fixtures(dsl);

    @Test
    void every_table_but_organizations_carries_a_not_null_organization_id() {
        for (Table<?> table : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            if (table.getName().equals("organizations")) {
                continue;
            }
            var column = table.field("organization_id");
            assertTrue(column != null, table.getName() + " has organization_id");
            assertTrue(!column.getDataType().nullable(), table.getName() + ".organization_id is NOT NULL");
        }
    }

    @Test
    void the_database_refuses_a_ring_group_member_from_another_organisation() {
        long orgA = fixtures.organization("Org A");
        long orgB = fixtures.organization("Org B");
        long extensionOfB = extension(orgB, "1001");
        long groupOfA = dsl.insertInto(RING_GROUPS)
                .set(RING_GROUPS.ORGANIZATION_ID, orgA)
                .set(RING_GROUPS.NAME, "Sales")
                .returning(RING_GROUPS.ID)
                .fetchOne(RING_GROUPS.ID);

        assertThrows(IntegrityConstraintViolationException.class, () -> dsl.insertInto(RING_GROUP_MEMBERS)
                .set(RING_GROUP_MEMBERS.ORGANIZATION_ID, orgA)
                .set(RING_GROUP_MEMBERS.RING_GROUP_ID, groupOfA)
                .set(RING_GROUP_MEMBERS.EXTENSION_ID, extensionOfB)
                .set(RING_GROUP_MEMBERS.PRIORITY, (short) 1)
                .execute());
    }

    @Test
    void extension_numbers_are_unique_per_organisation_only() {
        long orgA = fixtures.organization("Numbers A");
        long orgB = fixtures.organization("Numbers B");
        extension(orgA, "2001");
        extension(orgB, "2001");

        assertThrows(IntegrityConstraintViolationException.class, () -> extension(orgA, "2001"));
    }

    @Test
    void a_cdr_is_stored_once_per_organisation_and_call_id() {
        long org = fixtures.organization("CDR Org");
        assertEquals(1, insertCdr(org, "call-1"));
        assertEquals(0, insertCdr(org, "call-1"));
        assertEquals(1, dsl.fetchCount(CALL_DETAIL_RECORDS, CALL_DETAIL_RECORDS.ORGANIZATION_ID.eq(org)));
    }

    @Test
    void enumerations_are_checked_by_the_database() {
        long org = fixtures.organization("Enum Org");

        assertThrows(DataAccessException.class, () -> dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, "3001")
                .set(EXTENSIONS.TYPE, "voicemail")
                .set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .execute());
    }

    @Test
    void the_configuration_target_of_a_ring_group_extension_is_generated() {
        long org = fixtures.organization("Generated Org");
        long id = dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, "4001")
                .set(EXTENSIONS.TYPE, "ring_group")
                .set(EXTENSIONS.CONFIGURATION, JSONB.valueOf("{\"ring_group_id\": 42}"))
                .set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);

        assertEquals(42L, dsl.select(EXTENSIONS.CONFIG_TARGET_ID)
                .from(EXTENSIONS)
                .where(EXTENSIONS.ORGANIZATION_ID.eq(org))
                .and(EXTENSIONS.ID.eq(id))
                .fetchOne(EXTENSIONS.CONFIG_TARGET_ID));
    }

    private long extension(long org, String number) {
        return dsl.insertInto(EXTENSIONS)
                .set(EXTENSIONS.ORGANIZATION_ID, org)
                .set(EXTENSIONS.EXTENSION_NUMBER, number)
                .set(EXTENSIONS.TYPE, "user")
                .set(EXTENSIONS.SIP_PASSWORD, "v1:x")
                .returning(EXTENSIONS.ID)
                .fetchOne(EXTENSIONS.ID);
    }

    private int insertCdr(long org, String callId) {
        return dsl.insertInto(CALL_DETAIL_RECORDS)
                .set(CALL_DETAIL_RECORDS.ORGANIZATION_ID, org)
                .set(CALL_DETAIL_RECORDS.CALL_ID, callId)
                .set(CALL_DETAIL_RECORDS.SESSION_TIMESTAMP, OffsetDateTime.now())
                .set(CALL_DETAIL_RECORDS.FROM, "+12125551234")
                .set(CALL_DETAIL_RECORDS.TO, "1001")
                .set(CALL_DETAIL_RECORDS.DISPOSITION, "ANSWER")
                .set(CALL_DETAIL_RECORDS.RAW_CDR, JSONB.valueOf("{}"))
                .onConflict(CALL_DETAIL_RECORDS.ORGANIZATION_ID, CALL_DETAIL_RECORDS.CALL_ID)
                .doNothing()
                .execute();
    }
}
