package dev.sfautoscaler.core.archfixture;

import java.lang.reflect.Method;

/** A core class that looks itself up by reflection. Test fixture only. */
public final class ReflectiveCore {

    public Method self() throws NoSuchMethodException {
        return ReflectiveCore.class.getMethod("self");
    }
}
