package sluice.server.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.DumperOptions;

/**
 * Builds a {@link SluiceConfig} from, in increasing precedence, an optional YAML file, the
 * {@code SLUICE_*} environment variables and command-line flags, all named by the {@link Setting}
 * table. Each source yields raw values tagged with how the user wrote them ({@code SLUICE_PORT=abc},
 * {@code --port=abc}, {@code port=abc in sluice.yaml}); {@link SettingParser} then parses and
 * validates the winning value of every setting once, so an error quotes exactly what to fix.
 * Unknown flags and unknown YAML keys are errors; unknown {@code SLUICE_*} variables are ignored
 * (a shell may carry unrelated ones). YAML scalars are read as plain strings (no implicit ints,
 * booleans or octal), so an account such as {@code 000000000000} survives unquoted.
 */
public final class ConfigLoader {

    /** The file read when neither --config nor SLUICE_CONFIG names one, if it exists. */
    public static final String DEFAULT_FILE = "sluice.yaml";

    /** One value for a setting, and where it came from as the user would recognise it. */
    record Raw(Object value, String origin) {
    }

    private ConfigLoader() {
    }

    /** Whether the arguments ask for usage ({@code --help} or {@code -h}); checked before {@link #load}. */
    public static boolean helpRequested(String[] args) {
        return Stream.of(args).anyMatch(a -> a.equals("--help") || a.equals("-h"));
    }

    /**
     * The configuration from these sources.
     *
     * @param workingDir what relative paths (data dir, TLS files, the config file) are resolved against
     * @throws ConfigException naming the offending key and what it allows
     */
    public static SluiceConfig load(String[] args, Map<String, String> env, Path workingDir) {
        Map<Setting, Raw> flags = fromFlags(args);
        Map<Setting, Raw> environment = fromEnv(env);
        Map<Setting, Raw> merged = new EnumMap<>(Setting.class);
        Raw file = flags.getOrDefault(Setting.CONFIG, environment.get(Setting.CONFIG));
        if (file != null) {
            merged.putAll(fromYaml(SettingParser.path(file, Setting.CONFIG, workingDir), file.origin()));
        } else {
            Path implicit = workingDir.resolve(DEFAULT_FILE);
            if (Files.isRegularFile(implicit)) {
                merged.putAll(fromYaml(implicit, implicit.toString()));
            }
        }
        merged.putAll(environment);
        merged.putAll(flags);
        merged.remove(Setting.CONFIG);
        return SettingParser.parse(merged, workingDir);
    }

    /** Every setting at its default. */
    static SluiceConfig defaults(Path workingDir) {
        return SettingParser.parse(Map.of(), workingDir);
    }

    /** The usage text, generated from the {@link Setting} table. */
    public static String help() {
        StringBuilder out = new StringBuilder();
        out.append("Usage: sluice [--flag value | --flag=value]...\n\n")
                .append("Sluice serves the AWS wire protocols of SQS, SNS, Kinesis and Firehose on one port.\n")
                .append("Settings come from, in increasing precedence: a YAML file (--config or SLUICE_CONFIG,\n")
                .append("else ./").append(DEFAULT_FILE).append(" if present), SLUICE_* environment variables, then flags.\n\n");
        for (Setting s : Setting.values()) {
            String head = "  " + s.flag() + " " + s.argument();
            out.append(head).append(" ".repeat(Math.max(1, 40 - head.length())))
                    .append("env ").append(s.env());
            if (s.inYaml()) {
                out.append(", yaml ").append(s.key());
            }
            if (s.defaultValue() != null) {
                out.append(", default ").append(s.defaultValue());
            }
            out.append("\n      ").append(s.doc()).append('\n');
        }
        out.append("  --help, -h                              print this and exit\n");
        return out.toString();
    }

    private static Map<Setting, Raw> fromFlags(String[] args) {
        Map<String, Setting> byFlag = Stream.of(Setting.values()).collect(Collectors.toMap(Setting::flag, s -> s));
        Map<Setting, Raw> out = new EnumMap<>(Setting.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new ConfigException(quote(arg) + ": unexpected argument; flags look like --port 4566 or --port=4566 (see --help)");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            Setting setting = byFlag.get(name);
            if (setting == null) {
                throw new ConfigException(name + ": unknown flag; allowed: "
                        + Stream.of(Setting.values()).map(Setting::flag).collect(Collectors.joining(", ")) + ", --help");
            }
            String value;
            if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new ConfigException(name + ": missing value; expected " + name + " " + setting.argument());
            }
            out.put(setting, new Raw(value, name + "=" + shown(setting, value)));
        }
        return out;
    }

    private static Map<Setting, Raw> fromEnv(Map<String, String> env) {
        Map<Setting, Raw> out = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String value = env.get(s.env());
            if (value != null) {
                out.put(s, new Raw(value, s.env() + "=" + shown(s, value)));
            }
        }
        return out;
    }

    private static Map<Setting, Raw> fromYaml(Path file, String origin) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException | InvalidPathException e) {
            throw new ConfigException(origin + ": cannot read the configuration file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        Object doc;
        try {
            doc = yaml().load(text);
        } catch (YAMLException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<Setting, Raw> out = new EnumMap<>(Setting.class);
        if (doc == null) {
            return out;
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new ConfigException(file + ": must be a YAML map of settings (key: value); allowed keys: " + yamlKeys());
        }
        walk(map, "", file, out);
        return out;
    }

    private static void walk(Map<?, ?> map, String prefix, Path file, Map<Setting, Raw> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            Setting setting = Stream.of(Setting.values()).filter(s -> s.inYaml() && s.key().equals(key)).findFirst().orElse(null);
            if (setting != null) {
                if (e.getValue() != null) { // an empty value means "not set here"
                    out.put(setting, new Raw(e.getValue(), key + "=" + shown(setting, e.getValue()) + " in " + file));
                }
            } else if (Stream.of(Setting.values()).anyMatch(s -> s.key().startsWith(key + "."))
                    && (e.getValue() == null || e.getValue() instanceof Map<?, ?>)) {
                if (e.getValue() instanceof Map<?, ?> nested) {
                    walk(nested, key + ".", file, out);
                }
            } else {
                throw new ConfigException(key + " in " + file + ": unknown key; allowed: " + yamlKeys());
            }
        }
    }

    private static String yamlKeys() {
        return Stream.of(Setting.values()).filter(Setting::inYaml).map(Setting::key).collect(Collectors.joining(", "));
    }

    /** SnakeYAML with only the null resolver: every other scalar stays a string; duplicate keys are errors. */
    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        Resolver stringsOnly = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                addImplicitResolver(Tag.NULL, NULL, "~nN\0");
                addImplicitResolver(Tag.NULL, EMPTY, null);
            }
        };
        DumperOptions dump = new DumperOptions();
        return new Yaml(new SafeConstructor(options), new Representer(dump), dump, options, stringsOnly);
    }

    /** A value as quoted in messages: secrets hidden, long values cut. */
    private static String shown(Setting setting, Object value) {
        if (setting.secret()) {
            return "(hidden)";
        }
        return quote(value instanceof List<?> || value instanceof Map<?, ?> ? value.toString() : String.valueOf(value));
    }

    private static String quote(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
