package io.runnel.tools.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses repeated {@code key=value} flag values ({@code --property}, {@code --config}, ...), as Kafka does. */
public final class KeyValueArgs {

    private KeyValueArgs() {}

    /**
     * Splits each entry at its first {@code =}; the value may itself hold {@code =} (a separator, a JAAS line).
     * A later entry for the same key wins.
     *
     * @throws ToolException naming the flag, for an entry without {@code =} or with an empty key
     */
    public static Map<String, String> parse(List<String> entries, String flag) {
        var result = new LinkedHashMap<String, String>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new ToolException("Invalid entry '" + entry + "' for " + flag + ": expected key=value");
            }
            result.put(entry.substring(0, eq).trim(), entry.substring(eq + 1));
        }
        return result;
    }
}
