package dev.sfautoscaler.core.archfixture;

/** A core class carrying a framework annotation on a parameter only. Test fixture only. */
public final class AnnotatedCore {

    public String greet(@jakarta.inject.Named("who") String who) {
        return "hello " + who;
    }
}
