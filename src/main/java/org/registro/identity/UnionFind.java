package org.registro.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Groups of contact ids joined by pairs. */
final class UnionFind {
    private final Map<Long, Long> parent = new HashMap<>();

    void union(long a, long b) {
        long ra = find(a);
        long rb = find(b);
        if (ra != rb) {
            parent.put(Math.max(ra, rb), Math.min(ra, rb));
        }
    }

    long find(long x) {
        parent.putIfAbsent(x, x);
        long root = x;
        while (parent.get(root) != root) {
            root = parent.get(root);
        }
        long current = x;
        while (current != root) {
            long next = parent.get(current);
            parent.put(current, root);
            current = next;
        }
        return root;
    }

    int size() {
        return parent.size();
    }

    List<List<Long>> groups() {
        Map<Long, List<Long>> byRoot = new java.util.TreeMap<>();
        for (Long x : new ArrayList<>(parent.keySet())) {
            byRoot.computeIfAbsent(find(x), k -> new ArrayList<>()).add(x);
        }
        byRoot.values().forEach(java.util.Collections::sort);
        return new ArrayList<>(byRoot.values());
    }
}
