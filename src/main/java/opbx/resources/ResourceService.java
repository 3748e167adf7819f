package opbx.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import opbx.access.Caller;
import opbx.http.ClientInfo;

/** What every configuration resource offers (control-plane spec §3): show, create, update, delete, for a caller. */
public interface ResourceService {

    Map<String, Object> show(Caller caller, long id);

    Map<String, Object> create(Caller caller, ObjectNode body, ClientInfo client);

    Map<String, Object> update(Caller caller, long id, ObjectNode body, ClientInfo client);

    void delete(Caller caller, long id, ClientInfo client);

    /**
     * What a write answers: the resource, and a warning for a write that is never refused though it broke something
     * (an outbound whitelist entry removed while a forward still dials through it), or null.
     */
    record Answer(Map<String, Object> data, String warning) {
    }

    default Answer createAnswer(Caller caller, ObjectNode body, ClientInfo client) {
        return new Answer(create(caller, body, client), null);
    }

    default Answer updateAnswer(Caller caller, long id, ObjectNode body, ClientInfo client) {
        return new Answer(update(caller, id, body, client), null);
    }

    /** Deletes; the warning, if any (a 204 carries it in a {@code Warning} header). */
    default String deleteAnswer(Caller caller, long id, ClientInfo client) {
        delete(caller, id, client);
        return null;
    }
}
