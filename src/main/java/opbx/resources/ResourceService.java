package opbx.resources;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import opbx.access.Caller;
import opbx.http.ClientInfo;

/** What every configuration resource offers (control-plane spec §3): show, create, update, delete, for a caller. */
public interface ResourceService {

    Map<String, Object> show(Caller caller, long id);

    Map<String, Object> create(Caller caller, ObjectNode body, ClientInfo client);

    Map<String, Object> update(Caller caller, long id, ObjectNode body, ClientInfo client);

    void delete(Caller caller, long id, ClientInfo client);
}
