package sluice.protocol.sqs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sluice.protocol.wire.FormDecoder;
import sluice.protocol.wire.XmlWriter;

/** The wire helpers the SQS query dialect stands on: form decoding and XML escaping. */
class WireTest {

    @Test
    void formDecoding() {
        Map<String, List<String>> p = FormDecoder.parse(
                "Action=SendMessage&MessageBody=a+b%2Bc%20d%26e%3Df&&flag&empty=&k=1&k=2&u=%F0%9F%98%80%C3%BC&eq=a=b");
        assertEquals(List.of("SendMessage"), p.get("Action"));
        assertEquals(List.of("a b+c d&e=f"), p.get("MessageBody"));
        assertEquals(List.of(""), p.get("flag"));
        assertEquals(List.of(""), p.get("empty"));
        assertEquals(List.of("1", "2"), p.get("k"));
        assertEquals(List.of("😀ü"), p.get("u"));
        assertEquals(List.of("a=b"), p.get("eq"));
        assertEquals(List.of("Action", "MessageBody", "flag", "empty", "k", "u", "eq"), List.copyOf(p.keySet()));
        assertEquals(Map.of("a b", List.of("\r\n")), FormDecoder.parse("a+b=%0D%0a"));
        assertEquals(Map.of(), FormDecoder.parse(""));
        assertEquals(Map.of(), FormDecoder.parse(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%zz", "a=%4", "a=%", "a=b%", "%g0=1", "a=%FF", "a=%C3", "a=%ED%A0%80"})
    void malformedFormsAreRejected(String form) {
        assertThrows(IllegalArgumentException.class, () -> FormDecoder.parse(form));
    }

    @Test
    void xmlEscaping() {
        StringBuilder sb = new StringBuilder();
        XmlWriter.escape(sb, "a&b<c>d\"e'f\r\n\tg 😀");
        assertEquals("a&amp;b&lt;c&gt;d&quot;e'f&#xD;\n\tg 😀", sb.toString());
        String plain = "nothing to escape";
        StringBuilder sb2 = new StringBuilder();
        XmlWriter.escape(sb2, plain);
        assertEquals(plain, sb2.toString());
    }
}
