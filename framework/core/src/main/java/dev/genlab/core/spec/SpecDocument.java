package dev.genlab.core.spec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A spec as read, before binding: the YAML tree plus where each value came from, by dotted path
 * ({@code model.hiddenSizes[0]} to {@code line 7}, or to {@code --set model.hiddenSizes=[64]}).
 */
public final class SpecDocument {
    private final String name;
    private final ObjectNode root;
    private final Map<String, String> origins;

    SpecDocument(String name, ObjectNode root, Map<String, String> origins) {
        this.name = requireNonNull(name, "name is null");
        this.root = requireNonNull(root, "root is null");
        this.origins = new HashMap<>(origins);
    }

    /** The file name (or {@code <text>}), used in messages. */
    public String name() {
        return name;
    }

    /** A deep copy of the tree, so a caller can never change this document. */
    public ObjectNode tree() {
        return root.deepCopy();
    }

    ObjectNode root() {
        return root;
    }

    /**
     * This document without the top-level {@code key}: a section that another part of GenLab reads, such as
     * {@code sweep:}, which the spec binder would otherwise refuse as an unknown key.
     */
    public SpecDocument without(String key) {
        SpecDocument copy = copy();
        copy.root.remove(key);
        copy.forgetBelow(key);
        return copy;
    }

    /** Where the value at {@code path} came from, or of its nearest ancestor that has an origin. */
    public Optional<String> origin(String path) {
        String current = path;
        while (true) {
            String origin = origins.get(current);
            if (origin != null) {
                return Optional.of(origin);
            }
            int cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
            if (cut <= 0) {
                return Optional.ofNullable(origins.get(""));
            }
            current = current.substring(0, cut);
        }
    }

    SpecDocument copy() {
        return new SpecDocument(name, root.deepCopy(), origins);
    }

    void setOrigin(String path, String origin) {
        origins.put(path, origin);
    }

    /** Forgets origins at and below {@code path}: an override replaced that subtree. */
    void forgetBelow(String path) {
        origins.keySet().removeIf(key -> key.equals(path) || key.startsWith(path + ".") || key.startsWith(path + "["));
    }
}
