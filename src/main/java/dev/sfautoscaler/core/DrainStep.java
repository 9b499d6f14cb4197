package dev.sfautoscaler.core;

/** Which step of a drain the {@code drain} function runs ({@link DrainCoordinator}). */
public enum DrainStep {
    START("start"), CHECK("check"), FINISH("finish");

    private final String wireName;

    DrainStep(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
