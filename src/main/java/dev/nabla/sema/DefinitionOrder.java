package dev.nabla.sema;

import dev.nabla.diag.Diagnostics;
import dev.nabla.syntax.Ast;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Orders definitions so that each comes after every definition its body refers to (ties in
 * source order), and reports each cycle once.
 *
 * @param sorted  the definitions that depend on no cycle, dependencies first
 * @param blocked the definitions on a cycle or depending on one, in source order
 */
record DefinitionOrder(List<Ast.Definition> sorted, List<Ast.Definition> blocked) {

    static DefinitionOrder of(Declarations decls, Diagnostics diags) {
        List<String> names = new ArrayList<>(decls.definitions().keySet());
        Map<String, Integer> position = new HashMap<>();
        for (String n : names) {
            position.put(n, position.size());
        }
        Map<String, Set<String>> dependencies = new LinkedHashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (String n : names) {
            Set<String> deps = new LinkedHashSet<>(References.of(decls.definition(n).body()));
            deps.retainAll(position.keySet());
            dependencies.put(n, deps);
            for (String dep : deps) {
                dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(n);
            }
        }

        Map<String, Integer> waiting = new HashMap<>();
        PriorityQueue<String> ready = new PriorityQueue<>(Comparator.comparing(position::get));
        for (String n : names) {
            waiting.put(n, dependencies.get(n).size());
            if (dependencies.get(n).isEmpty()) {
                ready.add(n);
            }
        }
        List<Ast.Definition> sorted = new ArrayList<>();
        while (!ready.isEmpty()) {
            String n = ready.poll();
            sorted.add(decls.definition(n));
            for (String user : dependents.getOrDefault(n, List.of())) {
                if (waiting.merge(user, -1, Integer::sum) == 0) {
                    ready.add(user);
                }
            }
        }

        Set<String> blocked = new LinkedHashSet<>();
        for (String n : names) {
            if (waiting.get(n) > 0) {
                blocked.add(n);
            }
        }
        reportCycles(blocked, dependencies, decls, diags);
        return new DefinitionOrder(sorted, blocked.stream().map(decls::definition).toList());
    }

    /** Reports one cycle per strongly connected component, at its first definition in source order. */
    private static void reportCycles(Set<String> blocked, Map<String, Set<String>> dependencies,
                                     Declarations decls, Diagnostics diags) {
        Map<String, Set<String>> reverse = new HashMap<>();
        for (String n : blocked) {
            for (String dep : dependencies.get(n)) {
                reverse.computeIfAbsent(dep, k -> new HashSet<>()).add(n);
            }
        }
        Set<String> covered = new HashSet<>();
        for (String start : blocked) {
            if (covered.contains(start)) {
                continue;
            }
            List<String> cycle = shortestCycle(start, blocked, dependencies);
            if (cycle == null) {
                continue; // only downstream of a cycle: that cycle is the error
            }
            Set<String> component = reachable(start, blocked, dependencies);
            component.retainAll(reachable(start, blocked, reverse));
            covered.addAll(component);
            diags.error(decls.definition(start).name().span(),
                    "definitions form a cycle: " + String.join(" -> ", cycle));
        }
    }

    /** The shortest path {@code start -> ... -> start} along dependencies, or null if there is none. */
    private static List<String> shortestCycle(String start, Set<String> within, Map<String, Set<String>> edges) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String n = queue.poll();
            for (String next : edges.getOrDefault(n, Set.of())) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>();
                    for (String at = n; !at.equals(start); at = parent.get(at)) {
                        path.add(0, at);
                    }
                    path.add(0, start);
                    path.add(start);
                    return path;
                }
                if (within.contains(next) && !parent.containsKey(next)) {
                    parent.put(next, n);
                    queue.add(next);
                }
            }
        }
        return null;
    }

    private static Set<String> reachable(String start, Set<String> within, Map<String, Set<String>> edges) {
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>();
        seen.add(start);
        queue.add(start);
        while (!queue.isEmpty()) {
            for (String next : edges.getOrDefault(queue.poll(), Set.of())) {
                if (within.contains(next) && seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }
}
