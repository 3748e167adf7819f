package opbx.http;

import java.util.Objects;
import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;

/**
 * Unique indexes back every "has already been taken" check: when a concurrent write takes the value between the
 * check and the commit, the database refuses it, and the loser must get the same 422 a sequential duplicate gets,
 * never a 500.
 */
public final class UniqueViolations {

    private UniqueViolations() {
    }

    /** Whether {@code e} is a unique violation (SQLSTATE 23505) of the named constraint or index. */
    public static boolean of(DataAccessException e, String constraint) {
        return Objects.equals(e.sqlState(), "23505") && String.valueOf(e.getMessage()).contains(constraint);
    }

    /** Runs {@code write}; a violation of {@code constraint} becomes a 422 on {@code field} with {@code message}. */
    public static <T> T as422(String constraint, String field, String message, Supplier<T> write) {
        try {
            return write.get();
        } catch (DataAccessException e) {
            if (of(e, constraint)) {
                throw ValidationException.of(field, message);
            }
            throw e;
        }
    }
}
