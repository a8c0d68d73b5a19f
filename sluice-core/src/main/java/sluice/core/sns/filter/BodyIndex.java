package sluice.core.sns.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON message body flattened for matching: every scalar leaf under its dotted path, with the array elements it
 * sits in. A leaf array of scalars is one key with several values (any may match). Objects inside arrays are searched
 * too (the S3 {@code Records} example of AWS's payload-based filtering), and keys of one branch that reach into the
 * same array must be satisfied by the same element of it, as in AWS's rule engine ("array consistency").
 */
final class BodyIndex {
    private static final int[] NO_TRAIL = new int[0];

    /** @param trail pairs of (array id, element index) on the way down to the leaf */
    private record Leaf(Value value, int[] trail) {}

    private final Map<String, List<Leaf>> leaves = new HashMap<>();
    private int arrays;

    private BodyIndex() {}

    static BodyIndex of(Map<?, ?> body) {
        BodyIndex index = new BodyIndex();
        index.object(body, null, NO_TRAIL);
        return index;
    }

    boolean isEmpty() {
        return leaves.isEmpty();
    }

    private void object(Map<?, ?> object, String prefix, int[] trail) {
        for (Map.Entry<?, ?> field : object.entrySet()) {
            String name = String.valueOf(field.getKey());
            walk(field.getValue(), prefix == null ? name : prefix + "." + name, trail);
        }
    }

    private void walk(Object node, String path, int[] trail) {
        if (node instanceof Map<?, ?> object) {
            object(object, path, trail);
        } else if (node instanceof List<?> list) {
            int id = arrays++;
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                if (element instanceof Map<?, ?> || element instanceof List<?>) {
                    int[] deeper = Arrays.copyOf(trail, trail.length + 2);
                    deeper[trail.length] = id;
                    deeper[trail.length + 1] = i;
                    walk(element, path, deeper);
                } else {
                    walk(element, path, trail);
                }
            }
        } else {
            leaves.computeIfAbsent(path, k -> new ArrayList<>()).add(new Leaf(Value.ofJson(node), trail));
        }
    }

    /** Whether every key of the branch matches, with one consistent choice of array elements. */
    boolean matches(List<KeyRule> branch) {
        List<List<int[]>> constrained = new ArrayList<>();
        for (KeyRule rule : branch) {
            List<Leaf> candidates = leaves.getOrDefault(rule.path(), List.of());
            boolean present = false;
            boolean free = false;
            Set<String> seen = new HashSet<>();
            List<int[]> trails = new ArrayList<>();
            for (Leaf leaf : candidates) {
                present |= leaf.value().exists();
                if (!free && rule.test(leaf.value())) {
                    if (leaf.trail().length == 0) {
                        free = true;
                    } else if (seen.add(Arrays.toString(leaf.trail()))) {
                        trails.add(leaf.trail());
                    }
                }
            }
            if (free || (rule.matchesAbsence() && !present)) {
                continue;
            }
            if (trails.isEmpty()) {
                return false;
            }
            constrained.add(trails);
        }
        constrained.sort((a, b) -> Integer.compare(a.size(), b.size()));
        return choose(constrained, 0, new HashMap<>());
    }

    private static boolean choose(List<List<int[]>> keys, int k, Map<Integer, Integer> chosen) {
        if (k == keys.size()) {
            return true;
        }
        for (int[] trail : keys.get(k)) {
            List<Integer> added = new ArrayList<>();
            boolean consistent = true;
            for (int p = 0; p < trail.length; p += 2) {
                Integer current = chosen.get(trail[p]);
                if (current == null) {
                    chosen.put(trail[p], trail[p + 1]);
                    added.add(trail[p]);
                } else if (current != trail[p + 1]) {
                    consistent = false;
                    break;
                }
            }
            if (consistent && choose(keys, k + 1, chosen)) {
                return true;
            }
            added.forEach(chosen::remove);
        }
        return false;
    }
}
