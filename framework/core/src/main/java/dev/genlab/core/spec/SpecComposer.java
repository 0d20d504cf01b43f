package dev.genlab.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Composes the YAML parser's events into a JSON tree and the line of every value, resolving anchors, aliases
 * and merge keys ({@code <<: *defaults}) as YAML defines them, within {@link SpecLimits}. Problems that leave
 * no tree to bind (an alias to nothing, nesting too deep) end composition with a {@link Failure}; duplicate
 * keys and over-long values are collected so that they are reported together.
 */
final class SpecComposer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MERGE = "<<";
    private static final String TAG_PREFIX = "tag:yaml.org,2002:";

    /** The document, or nothing for an empty stream; {@code origins} maps dotted paths to "line N". */
    record Composed(JsonNode root, int line, Map<String, String> origins, List<String> problems) {
    }

    /** A problem after which there is nothing to bind. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** A node as written, before aliases are expanded: aliases share the anchored node. */
    private sealed interface Node permits Scalar, Sequence, Mapping {
        int line();
    }

    private record Scalar(JsonNode value, String text, boolean plain, int line) implements Node {
    }

    private record Item(Node node, int line) {
    }

    private record Sequence(List<Item> items, int line) implements Node {
    }

    private record Entry(Scalar key, Node value) {
    }

    private record Mapping(List<Entry> entries, int line) implements Node {
    }

    private final Parser parser;
    private final Map<String, Node> anchors = new HashMap<>();
    private final Set<String> open = new java.util.HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> origins = new HashMap<>();
    private final Set<Mapping> checkedForDuplicates = Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    private SpecComposer(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE); // SpecLimits bound the text before it gets here
        this.parser = new ParserImpl(new StreamReader(text), options);
    }

    /**
     * Composes the first document of {@code text}.
     *
     * @throws Failure for a problem that leaves nothing to bind
     * @throws org.yaml.snakeyaml.error.YAMLException for text that is not YAML
     */
    static Composed compose(String text) {
        return new SpecComposer(text).document();
    }

    private Composed document() {
        expect(Event.ID.StreamStart);
        if (parser.checkEvent(Event.ID.StreamEnd)) {
            return new Composed(null, 1, Map.of(), List.of());
        }
        expect(Event.ID.DocumentStart);
        Node root = node(parser.getEvent(), 1);
        expect(Event.ID.DocumentEnd);
        if (!parser.checkEvent(Event.ID.StreamEnd)) {
            throw new Failure("the spec holds more than one YAML document (line " + line(parser.peekEvent())
                    + "); keep one");
        }
        origins.put("", "line " + root.line());
        JsonNode tree = expand(root, "", 1);
        return new Composed(tree, root.line(), origins, problems);
    }

    private Node node(Event event, int depth) {
        if (depth > SpecLimits.MAX_DEPTH) {
            throw new Failure("line " + line(event) + ": mappings and lists nest deeper than "
                    + SpecLimits.MAX_DEPTH + " levels, the most a spec may have");
        }
        if (event instanceof AliasEvent alias) {
            String name = alias.getAnchor();
            if (open.contains(name)) {
                throw new Failure("line " + line(event) + ": alias *" + name + " is inside the value it refers to");
            }
            Node anchored = anchors.get(name);
            if (anchored == null) {
                throw new Failure("line " + line(event) + ": alias *" + name + " refers to no anchor &" + name
                        + " above it");
            }
            return anchored;
        }
        String anchor = event instanceof NodeEvent named ? named.getAnchor() : null;
        if (anchor != null) {
            open.add(anchor);
        }
        Node node = switch (event.getEventId()) {
            case Scalar -> scalar((ScalarEvent) event);
            case SequenceStart -> sequence((CollectionStartEvent) event, depth);
            case MappingStart -> mapping((CollectionStartEvent) event, depth);
            default -> throw new Failure("line " + line(event) + ": unexpected " + event.getEventId());
        };
        if (anchor != null) {
            open.remove(anchor);
            anchors.put(anchor, node);
        }
        return node;
    }

    private Scalar scalar(ScalarEvent event) {
        String text = event.getValue();
        int line = line(event);
        if (text.length() > SpecLimits.MAX_VALUE_LENGTH) {
            throw new Failure("line " + line + ": a value of " + SpecLimits.count(text.length())
                    + " characters; a value may have at most " + SpecLimits.count(SpecLimits.MAX_VALUE_LENGTH));
        }
        text.codePoints().filter(SpecText::isControl).findFirst().ifPresent(c -> {
            throw new Failure("line " + line + ": a value holds the control character " + SpecText.codePoint(c)
                    + ", which is not allowed in a spec");
        });
        String tag = event.getTag();
        boolean plain = event.isPlain() && (tag == null || tag.equals("!"));
        if (plain) {
            return new Scalar(YamlScalars.plain(text), text, true, line);
        }
        if (tag == null || tag.equals("!") || tag.equals(TAG_PREFIX + "str")) {
            return new Scalar(NODES.textNode(text), text, false, line);
        }
        JsonNode tagged = switch (tag.substring(tag.startsWith(TAG_PREFIX) ? TAG_PREFIX.length() : 0)) {
            case "null", "bool", "int", "float" -> YamlScalars.plain(text);
            default -> throw new Failure("line " + line + ": tag " + shown(tag) + " is not supported in a spec");
        };
        String expected = tag.substring(TAG_PREFIX.length());
        boolean fits = switch (expected) {
            case "null" -> tagged.isNull();
            case "bool" -> tagged.isBoolean();
            case "int" -> tagged.isIntegralNumber();
            default -> tagged.isNumber();
        };
        if (!fits) {
            throw new Failure("line " + line + ": '" + text + "' is not a valid !!" + expected);
        }
        return new Scalar(tagged, text, false, line);
    }

    private Sequence sequence(CollectionStartEvent start, int depth) {
        requireNoTag(start, "seq");
        List<Item> items = new ArrayList<>();
        Event event;
        while (!(event = parser.getEvent()).is(Event.ID.SequenceEnd)) {
            items.add(new Item(node(event, depth + 1), line(event)));
        }
        return new Sequence(items, line(start));
    }

    private Mapping mapping(CollectionStartEvent start, int depth) {
        requireNoTag(start, "map");
        List<Entry> entries = new ArrayList<>();
        Event event;
        while (!(event = parser.getEvent()).is(Event.ID.MappingEnd)) {
            Node key = node(event, depth + 1);
            if (!(key instanceof Scalar scalar)) {
                throw new Failure("line " + line(event) + ": a key must be a single value, not a "
                        + (key instanceof Sequence ? "list" : "mapping"));
            }
            entries.add(new Entry(scalar, node(parser.getEvent(), depth + 1)));
        }
        return new Mapping(entries, line(start));
    }

    private static void requireNoTag(CollectionStartEvent start, String kind) {
        String tag = start.getTag();
        if (tag != null && !tag.equals("!") && !tag.equals(TAG_PREFIX + kind)) {
            throw new Failure("line " + line(start) + ": tag " + shown(tag) + " is not supported in a spec");
        }
    }

    /** The tree of {@code node} at {@code path}, aliases copied out, merge keys applied; records origins. */
    private JsonNode expand(Node node, String path, int depth) {
        countValue();
        if (depth > SpecLimits.MAX_DEPTH) {
            throw new Failure("line " + node.line() + ": with its aliases expanded, the spec nests deeper than "
                    + SpecLimits.MAX_DEPTH + " levels, the most a spec may have");
        }
        if (node instanceof Scalar scalar) {
            return scalar.value();
        }
        if (node instanceof Sequence sequence) {
            ArrayNode array = NODES.arrayNode();
            for (Item item : sequence.items()) {
                String child = path + "[" + array.size() + "]";
                origins.put(child, "line " + item.line());
                array.add(expand(item.node(), child, depth + 1));
            }
            return array;
        }
        ObjectNode object = NODES.objectNode();
        for (Map.Entry<String, Entry> entry : effectiveEntries((Mapping) node, path, depth).entrySet()) {
            String child = RecordBinder.join(path, entry.getKey());
            origins.put(child, "line " + entry.getValue().key().line());
            object.set(entry.getKey(), expand(entry.getValue().value(), child, depth + 1));
        }
        return object;
    }

    /**
     * The entries of a mapping by key: its own, then those merged in with {@code <<} that it does not set itself
     * (from a list of mappings, the first that sets a key wins), as YAML's merge key defines.
     */
    private Map<String, Entry> effectiveEntries(Mapping mapping, String path, int depth) {
        if (depth > SpecLimits.MAX_DEPTH) {
            throw new Failure("line " + mapping.line() + ": merge keys (<<) chain deeper than " + SpecLimits.MAX_DEPTH
                    + " levels, the most a spec may have");
        }
        Map<String, Entry> own = new LinkedHashMap<>();
        List<Node> merged = new ArrayList<>();
        boolean firstVisit = checkedForDuplicates.add(mapping);
        for (Entry entry : mapping.entries()) {
            String key = entry.key().text();
            if (entry.key().plain() && key.equals(MERGE)) {
                merged.add(entry.value());
                continue;
            }
            Entry first = own.putIfAbsent(key, entry);
            if (first != null && firstVisit) {
                problems.add(RecordBinder.join(path, key) + ": duplicate key (line " + entry.key().line()
                        + "; first at line " + first.key().line() + ")");
            }
        }
        if (merged.isEmpty()) {
            return own;
        }
        Map<String, Entry> all = new LinkedHashMap<>(own);
        for (Node value : merged) {
            List<Node> sources = value instanceof Sequence list
                    ? list.items().stream().map(Item::node).toList() : List.of(value);
            for (Node source : sources) {
                if (!(source instanceof Mapping included)) {
                    throw new Failure("line " + source.line() + ": a merge key (<<) takes a mapping or a list of"
                            + " mappings");
                }
                countValue();
                effectiveEntries(included, path, depth + 1).forEach(all::putIfAbsent);
            }
        }
        return all;
    }

    private void countValue() {
        if (++values > SpecLimits.MAX_VALUES) {
            throw new Failure("the spec holds more than " + SpecLimits.count(SpecLimits.MAX_VALUES)
                    + " values (aliases counted with what they copy), the most a spec may have");
        }
    }

    private void expect(Event.ID id) {
        Event event = parser.getEvent();
        if (!event.is(id)) {
            throw new Failure("line " + line(event) + ": unexpected " + event.getEventId());
        }
    }

    /** A tag as it is written: {@code !!binary} rather than {@code tag:yaml.org,2002:binary}. */
    private static String shown(String tag) {
        return tag.startsWith(TAG_PREFIX) ? "!!" + tag.substring(TAG_PREFIX.length()) : tag;
    }

    private static int line(Event event) {
        return event.getStartMark() == null ? 1 : event.getStartMark().getLine() + 1;
    }
}
