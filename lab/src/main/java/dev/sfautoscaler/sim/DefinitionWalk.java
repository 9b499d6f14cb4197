package dev.sfautoscaler.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Walks the real state machine definition ({@code statemachine/autoscaler.asl.json}) the way an
 * execution goes through it: Pass, Task and Wait states follow {@code Next}; a Choice takes the
 * branch the script names (which must be one of its branches); a Task the script says fails
 * follows its first matching {@code Catch} (its Retry has run out, which adds no state); Succeed
 * and Fail end the walk. For tests that tie the simulator's state counts to the definition.
 */
final class DefinitionWalk {

    static final Path DEFINITION = Path.of("statemachine", "autoscaler.asl.json");

    /** One scripted event of a walk. */
    sealed interface Step permits Choose, Fails {
    }

    /** At Choice state {@code choice}, take the branch to {@code next}. */
    record Choose(String choice, String next) implements Step {
    }

    /** Task state {@code task} fails with {@code error} (after its retries, if any). */
    record Fails(String task, String error) implements Step {
    }

    private final JsonNode states;
    private final String startAt;

    private DefinitionWalk(JsonNode definition) {
        this.states = definition.path("States");
        this.startAt = definition.path("StartAt").asText();
    }

    static DefinitionWalk of(Path file) {
        try {
            return new DefinitionWalk(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state machine definition " + file, e);
        }
    }

    static Choose choose(String choice, String next) {
        return new Choose(choice, next);
    }

    static Fails fails(String task, String error) {
        return new Fails(task, "dev.sfautoscaler.core.error." + error);
    }

    JsonNode state(String name) {
        JsonNode s = states.get(name);
        if (s == null) {
            throw new AssertionError("the definition has no state " + name);
        }
        return s;
    }

    /** The states entered, from StartAt to a Succeed or Fail state, following {@code script}. */
    List<String> walk(Step... script) {
        return walk(List.of(script));
    }

    /** The states entered, from StartAt to a Succeed or Fail state, following {@code script}. */
    List<String> walk(List<Step> script) {
        Deque<Step> todo = new ArrayDeque<>(script);
        List<String> path = new ArrayList<>();
        String name = startAt;
        while (true) {
            if (path.size() > 500) {
                throw new AssertionError("no end after 500 states: " + path);
            }
            path.add(name);
            JsonNode s = state(name);
            String type = s.path("Type").asText();
            if (type.equals("Succeed") || type.equals("Fail")) {
                if (!todo.isEmpty()) {
                    throw new AssertionError("the walk ended at " + name + " with " + todo + " left: " + path);
                }
                return path;
            }
            Step next = todo.peekFirst();
            if (type.equals("Choice")) {
                if (!(next instanceof Choose c) || !c.choice().equals(name)) {
                    throw new AssertionError("reached Choice " + name + " but the script says " + next + ": " + path);
                }
                todo.pollFirst();
                if (!branches(s).contains(c.next())) {
                    throw new AssertionError(name + " has no branch to " + c.next() + "; its branches: " + branches(s));
                }
                name = c.next();
            } else if (next instanceof Fails f && f.task().equals(name)) {
                todo.pollFirst();
                name = catchTarget(s, f.error())
                        .orElseThrow(() -> new AssertionError(f.task() + " catches no " + f.error()));
            } else if (s.hasNonNull("Next")) {
                name = s.path("Next").asText();
            } else {
                throw new AssertionError(name + " (" + type + ") has neither Next nor an end");
            }
        }
    }

    /** Throws unless {@code path} starts at StartAt, moves only along the definition's edges and ends in a terminal state. */
    void assertIsAnExecutionPath(List<String> path) {
        assertIsAPathSoFar(path);
        String type = state(path.get(path.size() - 1)).path("Type").asText();
        if (!type.equals("Succeed") && !type.equals("Fail")) {
            throw new AssertionError("an execution ends in a Succeed or Fail state: " + path);
        }
    }

    /** Throws unless {@code path} starts at StartAt and moves only along the definition's edges (a run may end mid-execution). */
    void assertIsAPathSoFar(List<String> path) {
        if (path.isEmpty() || !path.get(0).equals(startAt)) {
            throw new AssertionError("an execution starts at " + startAt + ": " + path);
        }
        for (int i = 0; i + 1 < path.size(); i++) {
            Set<String> edges = edges(state(path.get(i)));
            if (!edges.contains(path.get(i + 1))) {
                throw new AssertionError("no way from " + path.get(i) + " to " + path.get(i + 1) + " (only to " + edges
                        + ") in " + path);
            }
        }
    }

    private static Set<String> branches(JsonNode choice) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode rule : choice.path("Choices")) {
            out.add(rule.path("Next").asText());
        }
        if (choice.hasNonNull("Default")) {
            out.add(choice.path("Default").asText());
        }
        return out;
    }

    private static Set<String> edges(JsonNode s) {
        Set<String> out = new LinkedHashSet<>(branches(s));
        if (s.hasNonNull("Next")) {
            out.add(s.path("Next").asText());
        }
        for (JsonNode c : s.path("Catch")) {
            out.add(c.path("Next").asText());
        }
        return out;
    }

    private static Optional<String> catchTarget(JsonNode task, String error) {
        for (JsonNode c : task.path("Catch")) {
            for (JsonNode e : c.path("ErrorEquals")) {
                if (e.asText().equals(error) || e.asText().equals("States.ALL")) {
                    return Optional.of(c.path("Next").asText());
                }
            }
        }
        return Optional.empty();
    }
}
