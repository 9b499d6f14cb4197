package dev.sfautoscaler.core;

/** What a decision asks for. */
public enum ScaleAction {
    SCALE_OUT("scale-out", "scaled out", "scale out"),
    SCALE_IN("scale-in", "scaled in", "scale in"),
    NONE("none", "unchanged", "stay");

    private final String wireName;
    private final String pastTense;
    private final String verb;

    ScaleAction(String wireName, String pastTense, String verb) {
        this.wireName = wireName;
        this.pastTense = pastTense;
        this.verb = verb;
    }

    public String wireName() {
        return wireName;
    }

    public String pastTense() {
        return pastTense;
    }

    public String verb() {
        return verb;
    }

    public boolean isChange() {
        return this != NONE;
    }

    /** Parses a wire name; {@code null} when unknown, so callers can name the offending field. */
    public static ScaleAction fromWireOrNull(String value) {
        for (ScaleAction a : values()) {
            if (a.wireName.equals(value)) {
                return a;
            }
        }
        return null;
    }
}
