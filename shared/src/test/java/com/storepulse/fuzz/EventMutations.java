package com.storepulse.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.storepulse.json.Json;
import com.storepulse.testing.SharedFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Events of a non-HTTP function as mutations of real samples (the repository's events/ and the AWS
 * samples in ../shared/corpora/aws-events): a field replaced by a value of any type, removed or
 * renamed, the bytes truncated, garbage appended, invalid UTF-8, or not JSON at all. JSON carried in
 * a string (an SQS record's body, an SNS message) is mutated inside as well.
 */
public final class EventMutations {

    /** A sample event: its file name and bytes. */
    public record Seed(String name, byte[] bytes) {
        public static Seed of(Path file) {
            try {
                return new Seed(file.getFileName().toString(), Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public static Seed of(String name, String json) {
            return new Seed(name, json.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A fuzzed event: the seed it came from, what was done to it, and the bytes the handler gets. */
    public record FuzzEvent(String seed, String mutation, byte[] bytes) {
        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return seed + " / " + mutation + ": " + (text.length() > 600 ? text.substring(0, 600) + "..." : text);
        }
    }

    /** A step into an embedded JSON document (the string at this point parsed). */
    private static final Object EMBEDDED = new Object() {
        @Override
        public String toString() {
            return "(json)";
        }
    };

    private EventMutations() {}

    /** Every file of the repository's events/ whose name starts with {@code prefix} (tests run in a module's folder). */
    public static List<Seed> repositoryEvents(String prefix) {
        Path events = Path.of("../../events").toAbsolutePath().normalize();
        try (var files = Files.list(events)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .map(Seed::of)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * AWS's own samples from ../shared/corpora/aws-events; on a laptop without that folder they are
     * left out, in CI ({@link SharedFixtures#REQUIRED}) a missing one fails the run.
     */
    public static List<Seed> awsSamples(String... names) {
        List<Seed> seeds = new ArrayList<>();
        for (String name : names) {
            String relative = "corpora/aws-events/" + name;
            var found = SharedFixtures.find(relative);
            String required = System.getProperty(SharedFixtures.REQUIRED, System.getenv(SharedFixtures.REQUIRED));
            if (found.isEmpty() && required != null && !required.isBlank() && !required.equals("0")) {
                SharedFixtures.require(relative);
            }
            found.ifPresent(file -> seeds.add(Seed.of(file)));
        }
        return seeds;
    }

    public static Arbitrary<FuzzEvent> of(List<Seed> seeds) {
        return Arbitraries.of(seeds).flatMap(EventMutations::mutations);
    }

    private static Arbitrary<FuzzEvent> mutations(Seed seed) {
        JsonNode tree = Json.mapper().valueToTree(parse(seed.bytes()));
        List<List<Object>> paths = new ArrayList<>();
        collect(tree, new ArrayList<>(), paths);
        if (paths.isEmpty()) {
            paths.add(List.of());
        }
        Arbitrary<List<Object>> path = Arbitraries.of(paths);
        Arbitrary<FuzzEvent> same = Arbitraries.just(new FuzzEvent(seed.name(), "as is", seed.bytes()));
        Arbitrary<FuzzEvent> replaced = Combinators.combine(path, FuzzValues.jsonValues())
                .as((p, value) -> event(seed, "replace " + p + " with " + value, at(tree, p, n -> parse(value))));
        Arbitrary<FuzzEvent> removed = path.map(p -> event(seed, "remove " + p, at(tree, p, n -> null)));
        Arbitrary<FuzzEvent> renamed = Combinators.combine(path, FuzzValues.text())
                .as((p, name) -> event(seed, "rename " + p + " to " + Json.write(name), rename(tree, p, name)));
        Arbitrary<FuzzEvent> doubled = path.map(p -> event(seed, "two of " + p, at(tree, p, n -> {
            ArrayNode two = Json.mapper().createArrayNode();
            two.add(n == null ? Json.mapper().nullNode() : n.deepCopy())
                    .add(n == null ? Json.mapper().nullNode() : n.deepCopy());
            return two;
        })));
        Arbitrary<FuzzEvent> bytes = Combinators.combine(
                        Arbitraries.integers().between(0, Math.max(0, seed.bytes().length - 1)),
                        Arbitraries.of("truncate", "append garbage", "append a document", "invalid UTF-8", "NUL"))
                .as((at, how) -> new FuzzEvent(seed.name(), how + " at " + at, bytes(seed.bytes(), at, how)));
        Arbitrary<FuzzEvent> other = Arbitraries.oneOf(
                        FuzzValues.jsonValues(), FuzzValues.text(), Arbitraries.of("", " ", "{", "[{}]", "{}{}"))
                .map(text -> new FuzzEvent(seed.name(), "instead", text.getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.frequencyOf(
                Tuple.of(2, same),
                Tuple.of(8, replaced),
                Tuple.of(3, removed),
                Tuple.of(1, renamed),
                Tuple.of(1, doubled),
                Tuple.of(2, bytes),
                Tuple.of(1, other));
    }

    private static FuzzEvent event(Seed seed, String mutation, JsonNode tree) {
        return new FuzzEvent(seed.name(), mutation, Json.writeBytes(tree));
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parseOrNull(String text) {
        String t = text.strip();
        if (!(t.startsWith("{") || t.startsWith("["))) {
            return null;
        }
        try {
            JsonNode node = Json.mapper().readTree(t);
            return node != null && node.isContainerNode() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void collect(JsonNode node, List<Object> prefix, List<List<Object>> paths) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                List<Object> path = new ArrayList<>(prefix);
                path.add(field.getKey());
                paths.add(List.copyOf(path));
                collect(field.getValue(), path, paths);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> path = new ArrayList<>(prefix);
                path.add(i);
                paths.add(List.copyOf(path));
                collect(node.get(i), path, paths);
            }
        } else if (node.isTextual()) {
            JsonNode embedded = parseOrNull(node.asText());
            if (embedded != null) {
                List<Object> path = new ArrayList<>(prefix);
                path.add(EMBEDDED);
                collect(embedded, path, paths);
            }
        }
    }

    /** A copy of {@code root} with the node at {@code path} replaced by {@code change}'s answer (null: removed). */
    private static JsonNode at(JsonNode root, List<Object> path, java.util.function.UnaryOperator<JsonNode> change) {
        if (path.isEmpty()) {
            JsonNode changed = change.apply(root);
            return changed == null ? Json.mapper().nullNode() : changed;
        }
        JsonNode copy = root.deepCopy();
        Object step = path.get(0);
        List<Object> rest = path.subList(1, path.size());
        if (step == EMBEDDED) {
            JsonNode inner = at(parseOrNull(root.asText()), rest, change);
            return new TextNode(Json.write(inner));
        }
        if (copy instanceof ObjectNode object && step instanceof String name) {
            JsonNode child = object.get(name);
            JsonNode changed = rest.isEmpty() ? change.apply(child) : at(child, rest, change);
            if (changed == null) {
                object.remove(name);
            } else {
                object.set(name, changed);
            }
        } else if (copy instanceof ArrayNode array && step instanceof Integer index) {
            JsonNode child = array.get(index);
            JsonNode changed = rest.isEmpty() ? change.apply(child) : at(child, rest, change);
            if (changed == null) {
                array.remove(index);
            } else {
                array.set(index, changed);
            }
        }
        return copy;
    }

    private static JsonNode rename(JsonNode root, List<Object> path, String name) {
        if (path.isEmpty() || !(path.getLast() instanceof String old)) {
            return root;
        }
        List<Object> parent = path.subList(0, path.size() - 1);
        if (!parent.isEmpty() && parent.getLast() == EMBEDDED) {
            return at(
                    root,
                    parent.subList(0, parent.size() - 1),
                    n -> new TextNode(Json.write(rename(parseOrNull(n.asText()), List.of(old), name))));
        }
        return at(root, parent, n -> {
            if (n instanceof ObjectNode object && object.has(old)) {
                ObjectNode copy = object.deepCopy();
                copy.set(name, copy.remove(old));
                return copy;
            }
            return n;
        });
    }

    private static byte[] bytes(byte[] seed, int at, String how) {
        byte[] head = java.util.Arrays.copyOfRange(seed, 0, at);
        byte[] tail = java.util.Arrays.copyOfRange(seed, at, seed.length);
        byte[] insert = switch (how) {
            case "truncate" -> new byte[0];
            case "append garbage" -> "xyz".getBytes(StandardCharsets.UTF_8);
            case "append a document" -> " {}".getBytes(StandardCharsets.UTF_8);
            case "invalid UTF-8" -> new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
            default -> new byte[] {0};
        };
        if (how.equals("truncate")) {
            return head;
        }
        if (how.startsWith("append")) {
            byte[] out = java.util.Arrays.copyOf(seed, seed.length + insert.length);
            System.arraycopy(insert, 0, out, seed.length, insert.length);
            return out;
        }
        byte[] out = new byte[seed.length + insert.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(insert, 0, out, head.length, insert.length);
        System.arraycopy(tail, 0, out, head.length + insert.length, tail.length);
        return out;
    }
}
