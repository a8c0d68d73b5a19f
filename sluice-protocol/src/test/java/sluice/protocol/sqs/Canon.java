package sluice.protocol.sqs;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns request records into plain lists and maps so they compare by value: records compare their
 * byte[] members by identity, so binary attribute values become base64 strings here.
 */
final class Canon {
    private Canon() {
    }

    static Object of(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return "base64:" + Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                out.add(of(o));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, of(v)));
            return out;
        }
        if (value instanceof Record record) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("@type", record.getClass().getSimpleName());
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                try {
                    out.put(c.getName(), of(c.getAccessor().invoke(record)));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
            return out;
        }
        return value;
    }
}
